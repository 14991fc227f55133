using Pipeline.Core.Forms;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// Small xlsx and csv files built from the formats' own rules to be expensive or misleading: each ends in a finding or
/// reads as Excel shows it, and no cost grows with how far a merge or a stray cell reaches. The counts are held to
/// small limits here so each test is quick; the limits' defaults are what the README states.
/// </summary>
public sealed class CraftedFileTests
{
    private const string Markup = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    private static byte[] WithSheetPart(string inner, CompressionLevel compression = CompressionLevel.Optimal) =>
        ZipParts.Replace(Xlsx(w => w.WriteRow("x")), WorksheetPart, s => s.Write(Encoding.UTF8.GetBytes(Worksheet(inner))), compression);

    [Fact]
    public void An_escape_naming_half_a_surrogate_pair_reads_as_the_replacement_character_and_matches_no_header()
    {
        var file = XlsxWithSheetXml("""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>街道_xD800_</t></is></c><c r="B1" t="inlineStr"><is><t>_xD83D__xDE00_</t></is></c></row></sheetData>""");

        var row = Assert.Single(Assert.Single(ReadAll(file, "s.xlsx")).Rows);

        Assert.Equal(["街道\uFFFD", "😀"], row.Texts());
        Assert.Null(FormHeader.TryRead(row, CompiledCatalog.Builtin, out _));
    }

    [Fact]
    public void A_title_merged_across_the_whole_grid_costs_each_row_one_span()
    {
        var rows = string.Concat(Enumerable.Range(1, 30).Select(r => $"""<row r="{r}"/>"""));
        var file = WithSheetPart($"""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>大兴区物业三率统计表</t></is></c></row>{rows[11..]}</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD30"/></mergeCells>""");

        var sheet = Assert.Single(ReadAll(file, "title.xlsx"));

        Assert.Equal(30, sheet.Rows.Count);
        // The top-left cell and the rest of its row; one span in each row below.
        Assert.Equal(2, sheet.Row(1).Spans.Count);
        Assert.All(sheet.Rows.Skip(1), row => Assert.Equal([new CellSpan(0, 16_383, Cell.FromText("大兴区物业三率统计表"))], row.Spans));
        Assert.Equal("大兴区物业三率统计表", sheet.Row(30)[16_383].Text);
        Assert.Equal(16_384, sheet.Row(1).Width);
    }

    [Fact]
    public void A_merge_reaching_the_last_column_and_row_leaves_rows_as_cheap_as_without_it()
    {
        var rows = string.Concat(Enumerable.Range(2, 20_000).Select(r => $"""<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>"""));
        var file = WithSheetPart($"""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>街道</t></is></c></row>{rows}</sheetData><mergeCells count="1"><mergeCell ref="A2:XFC1048576"/></mergeCells>""");

        var sheet = Assert.Single(ReadAll(file, "far.xlsx"));

        Assert.Equal(20_001, sheet.Rows.Count);
        Assert.All(sheet.Rows.Skip(1), row => Assert.Equal([new CellSpan(16_383, 16_383, Cell.FromText("x"))], row.Spans));
    }

    [Fact]
    public void The_deadline_is_checked_inside_a_row_not_only_between_rows()
    {
        var cells = string.Concat(Enumerable.Range(0, 16_000).Select(c => $"""<c r="{ColumnName.FromIndex(c)}1"><v>{c}</v></c>"""));
        var file = WithSheetPart($"<sheetData><row r=\"1\">{cells}</row></sheetData>");
        // Each reading of the clock moves it on a second: the floor of ten seconds is gone long before the row ends.
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var failure = Assert.Throws<SpreadsheetRejectedException>(() =>
            SpreadsheetReader.Read(new MemoryStream(file), "slow.xlsx", SpreadsheetLimits.Default, clock).SelectMany(s => s.Rows).ToList());

        Assert.Equal(FileFindings.TooSlow("slow.xlsx", SpreadsheetLimits.Default.ReadTime(file.Length)), failure.Finding);
    }

    [Fact]
    public void One_sheet_part_named_by_many_sheet_entries_is_read_once()
    {
        var workbook = Xlsx(w => w.AddSheet("数据").WriteRow("街道").WriteRow("清源街道"));
        var entries = string.Concat(Enumerable.Range(1, 20).Select(i => $"""<sheet name="副本{i}" sheetId="{i}" r:id="rId1"/>"""));
        var file = ZipParts.Replace(workbook, "xl/workbook.xml",
            $"""<workbook xmlns="{MainNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>""");

        var sheet = Assert.Single(ReadAll(file, "many.xlsx"));

        Assert.Equal("副本1", sheet.Name);
    }

    [Fact]
    public void A_workbook_listing_more_sheets_than_the_limit_is_too_complex()
    {
        var entries = string.Concat(Enumerable.Range(1, 11).Select(i => $"""<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>"""));
        var file = ZipParts.Replace(Xlsx(w => w.WriteRow("x")), "xl/workbook.xml",
            $"""<workbook xmlns="{MainNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>""");

        Assert.Equal(FileFindings.TooComplex("sheets.xlsx", null, null, SpreadsheetLimit.Sheets, 10),
            Rejection(file, "sheets.xlsx", SpreadsheetLimits.Default with { MaxSheets = 10 }));
    }

    [Fact]
    public void A_hidden_first_sheet_is_not_read_the_visible_one_the_clerk_filled_is()
    {
        var workbook = Xlsx(w =>
        {
            w.AddSheet("旧数据").WriteRow("街道").WriteRow("假");
            w.AddSheet("填报").WriteRow("街道").WriteRow("真");
        });
        var file = ZipParts.Replace(workbook, "xl/workbook.xml",
            $"""<workbook xmlns="{MainNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="旧数据" sheetId="1" state="hidden" r:id="rId1"/><sheet name="隐藏" sheetId="3" state="veryHidden" r:id="rId1"/><sheet name="填报" sheetId="2" r:id="rId2"/></sheets></workbook>""");

        var sheet = Assert.Single(ReadAll(file, "hidden.xlsx"));

        Assert.Equal(("填报", "真"), (sheet.Name, sheet.Row(2)[0].Text));
    }

    [Fact]
    public void Elements_in_an_ignorable_namespace_are_skipped_as_excel_skips_them()
    {
        var file = ZipParts.Replace(Xlsx(w => w.WriteRow("x")), WorksheetPart,
            $"""<worksheet xmlns="{MainNamespace}" xmlns:mc="{Markup}" xmlns:x99="urn:example:ignored" mc:Ignorable="x99"><sheetData><row r="1"><c r="A1"><v>1</v><x99:v>999</x99:v></c><x99:c r="B1"><v>2</v></x99:c></row><x99:row r="2"><c r="A2"><v>3</v></c></x99:row></sheetData></worksheet>""");

        var sheet = Assert.Single(ReadAll(file, "mc.xlsx"));

        Assert.Equal(["1"], Assert.Single(sheet.Rows).Texts());
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_too_complex_before_it_is_built()
    {
        var depth = 10_000;
        var file = WithSheetPart($"""<sheetData><row r="1"><c r="A1">{string.Concat(Enumerable.Repeat("<x>", depth))}{string.Concat(Enumerable.Repeat("</x>", depth))}</c></row></sheetData>""");

        Assert.Equal(FileFindings.TooComplex("deep.xlsx", "Sheet1", null, SpreadsheetLimit.XmlDepth, SpreadsheetLimits.Default.MaxXmlDepth),
            Rejection(file, "deep.xlsx"));
    }

    [Fact]
    public void A_shared_string_table_over_its_count_is_too_complex()
    {
        var items = string.Concat(Enumerable.Repeat("<si/>", 1_001));
        var file = ZipParts.Replace(Xlsx(w => w.WriteRow("共享")), "xl/sharedStrings.xml", $"""<sst xmlns="{MainNamespace}">{items}</sst>""");

        Assert.Equal(FileFindings.TooComplex("sst.xlsx", null, null, SpreadsheetLimit.SharedStrings, 1_000),
            Rejection(file, "sst.xlsx", SpreadsheetLimits.Default with { MaxSharedStrings = 1_000 }));
    }

    [Fact]
    public void A_sheet_with_more_merged_ranges_than_the_limit_is_too_complex()
    {
        var merges = string.Concat(Enumerable.Range(1, 101).Select(r => $"""<mergeCell ref="A{r}:B{r}"/>"""));
        var file = WithSheetPart($"<sheetData/><mergeCells>{merges}</mergeCells>");

        Assert.Equal(FileFindings.TooComplex("merges.xlsx", "Sheet1", null, SpreadsheetLimit.MergedRanges, 100),
            Rejection(file, "merges.xlsx", SpreadsheetLimits.Default with { MaxMergedRanges = 100 }));
    }

    [Theory]
    [InlineData(SpreadsheetLimit.CellStyles)]
    [InlineData(SpreadsheetLimit.NumberFormats)]
    public void Styles_over_their_counts_are_too_complex(SpreadsheetLimit limit)
    {
        var formats = string.Concat(Enumerable.Range(164, 60).Select(id => $"""<numFmt numFmtId="{id}" formatCode="{new string('0', 200)}.00"/>"""));
        var xfs = string.Concat(Enumerable.Range(0, 60).Select(i => $"""<xf numFmtId="{164 + (i % 60)}"/>"""));
        var file = ZipParts.Replace(Xlsx(w => w.WriteRow("x")), "xl/styles.xml",
            $"""<styleSheet xmlns="{MainNamespace}"><numFmts>{formats}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>""");
        var limits = limit == SpreadsheetLimit.CellStyles ? SpreadsheetLimits.Default with { MaxCellStyles = 50 } : SpreadsheetLimits.Default with { MaxNumberFormats = 50 };

        Assert.Equal(FileFindings.TooComplex("styles.xlsx", null, null, limit, 50), Rejection(file, "styles.xlsx", limits));
        Assert.NotEmpty(ReadAll(file, "styles.xlsx"));
    }

    [Fact]
    public void A_row_listing_more_cells_than_the_grid_is_too_complex()
    {
        var cells = string.Concat(Enumerable.Repeat("""<c r="A1"><v>1</v></c>""", 11));
        var file = WithSheetPart($"<sheetData><row r=\"1\">{cells}</row></sheetData>");

        Assert.Equal(FileFindings.TooComplex("cells.xlsx", "Sheet1", 1, SpreadsheetLimit.CellsPerRow, 10),
            Rejection(file, "cells.xlsx", SpreadsheetLimits.Default with { MaxCellsPerRow = 10 }));
    }

    [Theory]
    [InlineData(2, "2020.1", "2020.10")] // built-in 0.00
    [InlineData(164, "7", "000007")] // custom 000000: a code with its leading zeros
    [InlineData(1, "2020.1", "2020")] // built-in 0
    public void A_number_shows_what_its_format_shows(int formatId, string value, string shown)
    {
        var file = ZipParts.Replace(
            ZipParts.Replace(Xlsx(w => w.WriteRow("x")), "xl/styles.xml",
                $"""<styleSheet xmlns="{MainNamespace}"><numFmts><numFmt numFmtId="164" formatCode="000000"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="{formatId}"/></cellXfs></styleSheet>"""),
            WorksheetPart, Worksheet($"""<sheetData><row r="1"><c r="A1" s="1"><v>{value}</v></c><c r="B1"><v>{value}</v></c></row></sheetData>"""));

        var row = Assert.Single(Assert.Single(ReadAll(file, "fmt.xlsx")).Rows);

        Assert.Equal((CellKind.Number, value, shown), (row[0].Kind, row[0].Text, row[0].Shown));
        Assert.Null(row[1].Shown);
    }

    [Fact]
    public void A_period_cell_holding_2020_1_formatted_to_two_decimals_is_october_and_without_a_format_is_ambiguous()
    {
        var inspections = new[] { "1", "0" }.Select(style =>
        {
            var file = ZipParts.Replace(
                ZipParts.Replace(Xlsx(w => w.WriteRow("x")), "xl/styles.xml",
                    $"""<styleSheet xmlns="{MainNamespace}"><cellXfs><xf numFmtId="0"/><xf numFmtId="2"/></cellXfs></styleSheet>"""),
                WorksheetPart, Worksheet($"""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>填报周期</t></is></c><c r="B1" t="inlineStr"><is><t>街道</t></is></c><c r="C1" t="inlineStr"><is><t>社区</t></is></c><c r="D1" t="inlineStr"><is><t>小区名称</t></is></c><c r="E1" t="inlineStr"><is><t>是否有物业</t></is></c><c r="F1" t="inlineStr"><is><t>业主组织</t></is></c><c r="G1" t="inlineStr"><is><t>党组织覆盖</t></is></c></row><row r="2"><c r="A2" s="{style}"><v>2020.1</v></c><c r="B2" t="inlineStr"><is><t>清源街道</t></is></c><c r="C2" t="inlineStr"><is><t>枣园社区</t></is></c><c r="D2" t="inlineStr"><is><t>枣园小区</t></is></c><c r="E2" t="inlineStr"><is><t>是</t></is></c><c r="F2" t="inlineStr"><is><t>业委会</t></is></c><c r="G2" t="inlineStr"><is><t>是</t></is></c></row></sheetData>"""));
            var sheets = SpreadsheetReader.Read(new MemoryStream(file), "period.xlsx", SpreadsheetLimits.Default);
            return UploadParser.Inspect(sheets, UploadSource.ForBlob("period.xlsx"), DivisionRegistry.Builtin("110115")!, IngestRules.Default);
        }).ToList();

        Assert.Equal(["2020-10"], inspections[0].Periods);
        Assert.Equal("value.period-ambiguous", Assert.Single(inspections[1].Findings).Code);
    }

    [Fact]
    public void A_csv_of_wide_title_rows_is_matched_against_headers_cell_by_cell_once()
    {
        var title = string.Join(',', Enumerable.Repeat("x", 16_383));
        var file = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(title + "\r\n", 30)));
        var sheets = SpreadsheetReader.Read(new MemoryStream(file), "wide.csv", SpreadsheetLimits.Default);

        var inspection = UploadParser.Inspect(sheets, UploadSource.ForBlob("wide.csv"), DivisionRegistry.Builtin("110115")!, IngestRules.Default);

        Assert.Equal("file.no-header", Assert.Single(inspection.Findings).Code);
    }

    [Fact]
    public void An_xls_number_shows_what_its_format_shows_too()
    {
        var workbook = new NPOI.HSSF.UserModel.HSSFWorkbook();
        var sheet = workbook.CreateSheet("填报");
        var twoDecimals = workbook.CreateCellStyle();
        twoDecimals.DataFormat = workbook.CreateDataFormat().GetFormat("0.00");
        var code = workbook.CreateCellStyle();
        code.DataFormat = workbook.CreateDataFormat().GetFormat("000000");
        var row = sheet.CreateRow(0);
        row.CreateCell(0).SetCellValue(2020.1);
        row.Cells[0].CellStyle = twoDecimals;
        row.CreateCell(1).SetCellValue(7);
        row.Cells[1].CellStyle = code;
        row.CreateCell(2).SetCellValue(2020.1);
        using var bytes = new MemoryStream();
        workbook.Write(bytes);

        var read = Assert.Single(Assert.Single(ReadAll(bytes.ToArray(), "fmt.xls")).Rows);

        Assert.Equal([("2020.1", "2020.10"), ("7", "000007"), ("2020.1", null)], read.Spans.Select(s => (s.Cell.Text, s.Cell.Shown)));
    }
}
