using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>Bidi controls, zero-width characters and stray byte order marks leave text as it is read, whatever the format.</summary>
public sealed class InvisibleCharacterTests
{
    /// <summary>An unclosed right-to-left override, an isolate, marks, zero-width characters and a BOM, inside and around text.</summary>
    private const string Disguised = "\u202E枣园\u200B小区\u2066（东区）\u2069\u200E\u200F\u202A\u202B\u202C\u202D\u2067\u2068\u200C\u200D\u2060\uFEFF";

    private const string Visible = "枣园小区（东区）";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Xlsx_cells_and_sheet_names_lose_them(bool inlineStrings)
    {
        var file = Xlsx(w => w.AddSheet("台账\u202E").WriteRow("小区名称", "备注").WriteRow(Disguised, "\u200B"), new XlsxWriterOptions { InlineStrings = inlineStrings });

        var sheet = Assert.Single(ReadAll(file, "x.xlsx"));

        Assert.Equal("台账", sheet.Name);
        Assert.Equal(Visible, sheet.Row(2).Cells[0].Text);
        // A cell of nothing but invisible characters is empty.
        Assert.True(sheet.Row(2)[1].IsEmpty);
        Assert.Equal(CellKind.Empty, sheet.Row(2)[1].Kind);
    }

    [Fact]
    public void Xlsx_escapes_of_them_and_error_cells_lose_them_too()
    {
        // _x202E_ is how OOXML may write the character; the unescaped text is what is cleaned.
        var file = XlsxWithSheetXml("""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>_x202E_枣园_x200B_小区</t></is></c><c r="B1" t="str"><v>_xFEFF_东区</v></c><c r="C1" t="e"><v>&#x202E;#N/A</v></c></row></sheetData>""");

        var row = Assert.Single(Assert.Single(ReadAll(file, "e.xlsx")).Rows);

        Assert.Equal(["枣园小区", "东区", "#N/A"], row.Texts());
        Assert.Equal(CellKind.Error, row[2].Kind);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    public void Csv_cells_and_the_sheet_name_lose_them(string encodingName)
    {
        // Not GBK: it has none of these characters, so Excel saving as GBK already drops them.
        var encoding = Encoding.GetEncoding(encodingName);
        var file = CsvWriter.ToBytes([["小区名称", "街道"], [Disguised, "清源\uFEFF街道"]], encoding, byteOrderMark: encodingName == "utf-16");

        var sheet = Assert.Single(ReadAll(file, "uploads/台账\u202Ecsv.csv"));

        Assert.Equal("台账csv.csv", sheet.Name);
        Assert.Equal([Visible, "清源街道"], sheet.Row(2).Texts());
    }
}
