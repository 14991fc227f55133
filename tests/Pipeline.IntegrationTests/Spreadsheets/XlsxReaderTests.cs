using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Sheets;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

public sealed class XlsxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Strings_numbers_and_booleans_come_through_as_written(bool inlineStrings)
    {
        var file = Xlsx(
            w => w.AddSheet("人口")
                .WriteRow("街道", "人口", "面积", "达标")
                .WriteRow("朝阳门街道", 12345, 1234.5, true)
                .WriteRow(" 建国门街道 ", -7L, 0.125m, false),
            new XlsxWriterOptions { InlineStrings = inlineStrings });

        var sheet = Assert.Single(ReadAll(file, "人口.xlsx"));

        Assert.Equal("人口", sheet.Name);
        Assert.Equal([1, 2, 3], sheet.Rows.Select(r => r.Number));
        Assert.Equal(["街道", "人口", "面积", "达标"], sheet.Row(1).Texts());
        Assert.Equal(["朝阳门街道", "12345", "1234.5", "TRUE"], sheet.Row(2).Texts());
        Assert.Equal([CellKind.Text, CellKind.Number, CellKind.Number, CellKind.Boolean], sheet.Row(2).Kinds());
        Assert.Equal([" 建国门街道 ", "-7", "0.125", "FALSE"], sheet.Row(3).Texts());
    }

    [Fact]
    public void Rich_text_runs_are_joined_without_the_phonetic_guide_and_escapes_are_decoded()
    {
        var file = ZipParts.Replace(
            Xlsx(w => w.WriteRow("a", "b")),
            "xl/sharedStrings.xml",
            $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="{MainNamespace}" count="2" uniqueCount="2">
              <si><r><rPr><b/><sz val="11"/></rPr><t>朝阳</t></r><r><t xml:space="preserve">门 街道</t></r><rPh sb="0" eb="2"><t>チョウヨウ</t></rPh><phoneticPr fontId="1"/></si>
              <si><t>第一行_x000D_
            第二行 _x005F_x0041_</t></si>
            </sst>
            """);

        var row = Assert.Single(Assert.Single(ReadAll(file, "a.xlsx")).Rows);

        Assert.Equal(["朝阳门 街道", "第一行\r\n第二行 _x0041_"], row.Texts());
    }

    [Fact]
    public void Dates_and_date_times_are_iso_text()
    {
        var file = Xlsx(w => w
            .WriteRow(new DateTime(2020, 12, 1), new DateTime(2020, 12, 1, 8, 30, 0), new DateOnly(2024, 2, 29))
            .WriteRow(new DateTime(1900, 3, 1), new DateTime(2024, 1, 31, 23, 59, 59)));

        var sheet = Assert.Single(ReadAll(file, "dates.xlsx"));

        Assert.Equal(["2020-12-01", "2020-12-01T08:30:00", "2024-02-29"], sheet.Row(1).Texts());
        Assert.All(sheet.Row(1).Cells, c => Assert.Equal(CellKind.Date, c.Kind));
        Assert.Equal(["1900-03-01", "2024-01-31T23:59:59"], sheet.Row(2).Texts());
    }

    [Fact]
    public void Cjk_built_in_and_custom_date_formats_are_dates_and_number_formats_are_not()
    {
        // 44166 is 2020-12-01; built-in 31 is "yyyy年m月d日" in Chinese Excel, 164 a clerk's own "yyyy年m月".
        var styles = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="{MainNamespace}">
              <numFmts count="3">
                <numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>
                <numFmt numFmtId="165" formatCode="#,##0.00&quot;元&quot;;[Red]\-#,##0.00&quot;元&quot;"/>
                <numFmt numFmtId="166" formatCode="[$-804]yyyy年m月"/>
              </numFmts>
              <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
              <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="4"/></cellXfs>
              <dxfs count="1"><dxf><numFmt numFmtId="3" formatCode="yyyy"/></dxf></dxfs>
            </styleSheet>
            """;
        var sheet = """
            <sheetData><row r="1">
              <c r="A1" s="1"><v>44166</v></c><c r="B1" s="2"><v>44166</v></c><c r="C1" s="3"><v>44166</v></c>
              <c r="D1" s="4"><v>44166.75</v></c><c r="E1" s="5"><v>44166</v></c><c r="F1" s="0"><v>44166</v></c><c r="G1" s="99"><v>1</v></c>
            </row></sheetData>
            """;
        var file = ZipParts.Replace(XlsxWithSheetXml(sheet), "xl/styles.xml", styles);

        var row = Assert.Single(Assert.Single(ReadAll(file, "formats.xlsx")).Rows);

        Assert.Equal(["2020-12-01", "2020-12-01", "44166", "2020-12-01T18:00:00", "44166", "44166", "1"], row.Texts());
        Assert.Equal(
            [CellKind.Date, CellKind.Date, CellKind.Number, CellKind.Date, CellKind.Number, CellKind.Number, CellKind.Number],
            row.Kinds());
    }

    [Fact]
    public void The_1904_date_system_is_honoured()
    {
        var file = Xlsx(w => w.WriteRow(new DateTime(2020, 12, 1), new DateTime(1904, 1, 1, 12, 0, 0)), new XlsxWriterOptions { Date1904 = true });

        var row = Assert.Single(Assert.Single(ReadAll(file, "mac.xlsx")).Rows);

        Assert.Equal(["2020-12-01", "1904-01-01T12:00:00"], row.Texts());
    }

    [Fact]
    public void Formulas_give_their_cached_values_and_are_never_evaluated()
    {
        var file = XlsxWithSheetXml("""
            <sheetData>
              <row r="1">
                <c r="A1"><v>123.45</v></c><c r="B1"><f>A1*2</f><v>246.9</v></c>
                <c r="C1" t="str"><f>"朝阳"&amp;"区"</f><v>朝阳区</v></c>
                <c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
                <c r="E1" t="b"><f>TRUE()</f><v>1</v></c>
                <c r="F1"><f>NOW()</f></c>
                <c r="G1" t="d"><v>2020-12-01T00:00:00</v></c>
                <c r="H1" t="d"><v>2020-12-01T08:30:00</v></c>
              </row>
            </sheetData>
            """);

        var row = Assert.Single(Assert.Single(ReadAll(file, "f.xlsx")).Rows);

        Assert.Equal(["123.45", "246.9", "朝阳区", "#DIV/0!", "TRUE", "", "2020-12-01", "2020-12-01T08:30:00"], row.Texts());
        Assert.Equal(
            [CellKind.Number, CellKind.Number, CellKind.Text, CellKind.Error, CellKind.Boolean, CellKind.Empty, CellKind.Date, CellKind.Date],
            row.Kinds());
    }

    [Fact]
    public void Sparse_rows_and_cells_keep_their_real_numbers_and_columns()
    {
        var file = Xlsx(w => w
            .WriteRow("街道", null, "人口")
            .StartRow(3).WriteRow(null, "x")
            .StartRow(7).WriteRow(null, null, null, "AD7"));

        var sheet = Assert.Single(ReadAll(file, "sparse.xlsx"));

        Assert.Equal([1, 3, 7], sheet.Rows.Select(r => r.Number));
        Assert.Equal(Cell.Empty, sheet.Row(1)[1]);
        Assert.Equal("人口", sheet.Row(1)[2].Text);
        Assert.Equal("x", sheet.Row(3)[1].Text);
        Assert.Equal("AD7", sheet.Row(7)[3].Text);
        Assert.Equal(Cell.Empty, sheet.Row(7)[0]);
    }

    [Fact]
    public void Rows_and_cells_without_addresses_follow_the_ones_before()
    {
        var file = XlsxWithSheetXml("""
            <sheetData>
              <row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>
              <row r="4"><c r="C4"><v>2</v></c><c><v>3</v></c></row>
              <row><c><v>4</v></c></row>
            </sheetData>
            """);

        var sheet = Assert.Single(ReadAll(file, "noref.xlsx"));

        Assert.Equal([1, 4, 5], sheet.Rows.Select(r => r.Number));
        Assert.Equal(["a", "1"], sheet.Row(1).Texts());
        Assert.Equal(["", "", "2", "3"], sheet.Row(4).Texts());
        Assert.Equal(["4"], sheet.Row(5).Texts());
    }

    [Fact]
    public void Merged_cells_show_the_top_left_value_across_and_down()
    {
        var file = Xlsx(w => w
            .WriteRow("2024年第一季度人口统计").Merge("A1:D1")
            .WriteRow("街道", "社区", "户数", "人口")
            .WriteRow("朝阳门街道", "竹竿社区", 120, 300).Merge("A3:A5")
            .WriteRow(null, "史家社区", 80, 190)
            .WriteRow(null, "演乐社区", 95, 210)
            .WriteRow("建国门街道", "西总布社区", 60, 150)
            .WriteRow(null, null, 1, 2).Merge("A7:B8"));

        var sheet = Assert.Single(ReadAll(file, "merged.xlsx"));

        Assert.Equal(Enumerable.Repeat("2024年第一季度人口统计", 4), sheet.Row(1).Texts());
        Assert.Equal(["朝阳门街道", "史家社区", "80", "190"], sheet.Row(4).Texts());
        Assert.Equal("朝阳门街道", sheet.Row(5)[0].Text);
        Assert.Equal("建国门街道", sheet.Row(6)[0].Text);
        Assert.Equal(["", "", "1", "2"], sheet.Row(7).Texts());
    }

    [Fact]
    public void Sheets_come_in_workbook_order_with_their_names_wherever_their_parts_are()
    {
        var file = Xlsx(w => w
            .AddSheet("汇总").WriteRow("one")
            .AddSheet("明细 (2)").WriteRow("two")
            .AddSheet("Sheet3").WriteRow("three"));
        file = ZipParts.Replace(file, "xl/workbook.xml", $"""
            <workbook xmlns="{MainNamespace}" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
              <sheets><sheet name="Sheet3" sheetId="3" rel:id="rId3"/><sheet name="汇总" sheetId="1" rel:id="rId1"/><sheet name="明细 (2)" sheetId="2" rel:id="rId2"/></sheets>
            </workbook>
            """);
        file = ZipParts.Replace(file, "xl/_rels/workbook.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
              <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../xl/./worksheets/sheet2.xml"/>
              <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/>
              <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
            </Relationships>
            """);

        var sheets = ReadAll(file, "order.xlsx");

        Assert.Equal(["Sheet3", "汇总", "明细 (2)"], sheets.Select(s => s.Name));
        Assert.Equal(["three", "one", "two"], sheets.Select(s => Assert.Single(s.Rows)[0].Text));
    }

    [Fact]
    public void Rows_of_every_sheet_stay_readable_after_the_sheets_were_listed()
    {
        var file = Xlsx(w => w.AddSheet("一").WriteRow(1).AddSheet("二").WriteRow(2).WriteRow(3));

        var sheets = SpreadsheetReader.Read(new MemoryStream(file), "two.xlsx", SpreadsheetLimits.Default).ToList();

        Assert.Equal(["2", "3"], sheets[1].Rows.Select(r => r[0].Text));
        Assert.Equal(["1"], Assert.Single(sheets[0].Rows).Texts());
        Assert.Equal(["2", "3"], sheets[1].Rows.Select(r => r[0].Text));
    }

    [Fact]
    public void A_200_000_row_workbook_streams_through_with_its_first_and_last_rows_intact()
    {
        var cancellation = TestContext.Current.CancellationToken;
        const int rows = 200_000;
        using var file = new MemoryStream();
        using (var writer = XlsxWriter.Create(file))
        {
            writer.AddSheet("明细").WriteRow("序号", "街道", "人口", "比例", "日期", "达标");
            for (var i = 1; i <= rows; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                writer.WriteRow(i, i % 2 == 0 ? "朝阳门街道" : "建国门街道", i * 3L, i / 8.0, new DateTime(2024, 1, 1).AddDays(i % 366), i % 3 == 0);
            }
        }

        var count = 0;
        SheetRow? last = null;
        var sheet = Assert.Single(SpreadsheetReader.Read(file, "big.xlsx", SpreadsheetLimits.Default));
        foreach (var row in sheet.Rows)
        {
            if (++count == 2)
            {
                Assert.Equal(["1", "建国门街道", "3", "0.125", "2024-01-02", "FALSE"], row.Texts());
            }

            last = row;
        }

        Assert.Equal(rows + 1, count);
        Assert.Equal(rows + 1, last!.Number);
        Assert.Equal(["200000", "朝阳门街道", "600000", "25000", "2024-06-13", "FALSE"], last.Texts());
    }
}
