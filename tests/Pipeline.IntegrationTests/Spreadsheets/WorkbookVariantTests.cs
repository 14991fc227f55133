using System.IO.Compression;
using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>Workbooks as other writers make them: read as Excel reads them, not refused.</summary>
public sealed class WorkbookVariantTests
{
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    [Fact]
    public void A_styled_empty_shared_string_cell_is_an_empty_cell_not_damage()
    {
        // ClosedXML writes <c t="s"/> and <c t="s"><v/></c> for a styled cell without a value.
        var file = XlsxWithSheetXml(
            """<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1" t="s"/><c r="C1" t="s"><v/></c><c r="D1" t="s"><v>1</v></c></row></sheetData>""",
            "街道", "人口");

        var row = Assert.Single(Assert.Single(ReadAll(file, "closedxml.xlsx")).Rows);

        Assert.Equal("街道", row.Cells[0].Text);
        Assert.Equal([CellKind.Empty, CellKind.Empty], row.Cells.Skip(1).Take(2).Select(c => c.Kind));
        Assert.Equal("人口", row.Cells[3].Text);
    }

    [Fact]
    public void A_sheet_entry_with_an_empty_relationship_id_is_skipped()
    {
        // Excel writes r:id="" for very hidden macro (VBA module) sheets.
        var workbook = Xlsx(w => w.AddSheet("数据").WriteRow("街道").WriteRow("清源街道"));
        var file = ZipParts.Replace(workbook, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="{MainNamespace}" xmlns:r="{RelationshipsNamespace}"><sheets>
            <sheet name="数据" sheetId="1" r:id="rId1"/><sheet name="Module1" sheetId="2" state="veryHidden" r:id=""/>
            </sheets></workbook>
            """);

        var sheet = Assert.Single(ReadAll(file, "macro.xlsx"));

        Assert.Equal(("数据", "清源街道"), (sheet.Name, sheet.Row(2).Cells[0].Text));
    }

    [Fact]
    public void The_workbook_part_is_found_through_the_office_document_relationship()
    {
        // Some writers put the workbook elsewhere than xl/workbook.xml; _rels/.rels says where.
        var file = Relocate(Xlsx(w => w.AddSheet("数据").WriteRow("街道").WriteRow("清源街道")));

        var sheet = Assert.Single(ReadAll(file, "elsewhere.xlsx"));

        Assert.Equal("清源街道", sheet.Row(2).Cells[0].Text);
    }

    [Fact]
    public void Two_entries_of_one_name_are_refused_with_their_name()
    {
        var workbook = Xlsx(w => w.WriteRow("a"));
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                Copy(entry, target, entry.FullName);
                if (entry.FullName == WorksheetPart)
                {
                    Copy(entry, target, entry.FullName);
                }
            }
        }

        var finding = Rejection(output.ToArray(), "twice.xlsx");

        Assert.Equal("file.duplicate-entries", finding.Code);
        Assert.Contains(WorksheetPart, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_and_times_of_day_are_what_their_format_shows_and_never_get_a_date()
    {
        var workbook = XlsxWithSheetXml(
            """
            <sheetData><row r="1">
            <c r="A1" s="1"><v>1.4653935185185185</v></c><c r="B1" s="2"><v>0.45833333333333331</v></c>
            <c r="C1" s="3"><v>10.632060185185185</v></c><c r="D1" s="4"><v>0.75</v></c>
            <c r="E1" t="d"><v>T15:10:10</v></c><c r="F1" t="d"><v>08:30</v></c><c r="G1" t="d"><v>2020-12-01T08:30:00</v></c>
            <c r="H1" s="5"><v>44166</v></c><c r="I1" s="6"><v>1.5</v></c>
            </row></sheetData>
            """);
        var file = ZipParts.Replace(workbook, "xl/styles.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="{MainNamespace}">
            <numFmts count="4"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/><numFmt numFmtId="165" formatCode="h:mm"/><numFmt numFmtId="166" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="167" formatCode="0.00E+00"/></numFmts>
            <cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="46"/><xf numFmtId="20"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>
            </styleSheet>
            """);

        var row = Assert.Single(Assert.Single(ReadAll(file, "times.xlsx")).Rows);

        Assert.Equal(["35:10:10", "11:00:00", "255:10:10", "18:00:00", "15:10:10", "08:30:00", "2020-12-01T08:30:00", "2020-12-01", "1.5"], row.Texts());
        Assert.Equal([CellKind.Time, CellKind.Time, CellKind.Time, CellKind.Time, CellKind.Time, CellKind.Time, CellKind.Date, CellKind.Date, CellKind.Number], row.Kinds());
    }

    /// <summary>The same workbook with xl/workbook.xml moved to wb/book.xml and every relationship pointing there.</summary>
    private static byte[] Relocate(byte[] workbook)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                switch (entry.FullName)
                {
                    case "xl/workbook.xml":
                        Copy(entry, target, "wb/book.xml");
                        break;
                    case "xl/_rels/workbook.xml.rels":
                        Write(target, "wb/_rels/book.xml.rels", Read(entry).Replace("Target=\"", "Target=\"../xl/", StringComparison.Ordinal));
                        break;
                    case "_rels/.rels":
                        Write(target, entry.FullName, Read(entry).Replace("xl/workbook.xml", "wb/book.xml", StringComparison.Ordinal));
                        break;
                    case "[Content_Types].xml":
                        Write(target, entry.FullName, Read(entry).Replace("/xl/workbook.xml", "/wb/book.xml", StringComparison.Ordinal));
                        break;
                    default:
                        Copy(entry, target, entry.FullName);
                        break;
                }
            }
        }

        return output.ToArray();
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void Write(ZipArchive target, string name, string text)
    {
        using var to = target.CreateEntry(name).Open();
        to.Write(Encoding.UTF8.GetBytes(text));
    }

    private static void Copy(ZipArchiveEntry entry, ZipArchive target, string name)
    {
        using var from = entry.Open();
        using var to = target.CreateEntry(name).Open();
        from.CopyTo(to);
    }
}
