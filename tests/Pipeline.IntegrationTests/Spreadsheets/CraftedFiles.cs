using System.IO.Compression;
using System.Text;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// Hostile xlsx and csv files at the sizes that once cost gigabytes or minutes (kilobytes to a few megabytes each),
/// built from the formats' rules, and the finding each must end in instead. The CLI test runs each in a child process
/// with a 1 GB heap at the default limits. Where a header makes the rows below it data, the checks stop the file at
/// their cap of findings; reading such a file's every row is held to the deadline (see BudgetBustingWorkbookTests).
/// </summary>
internal static class CraftedFiles
{
    private const string Header = """<row r="1"><c r="A1" t="inlineStr"><is><t>街道</t></is></c><c r="B1" t="inlineStr"><is><t>社区</t></is></c><c r="C1" t="inlineStr"><is><t>小区名称</t></is></c><c r="D1" t="inlineStr"><is><t>是否有物业</t></is></c><c r="E1" t="inlineStr"><is><t>业主组织</t></is></c><c r="F1" t="inlineStr"><is><t>党组织覆盖</t></is></c></row>""";

    public static IReadOnlyDictionary<string, (Func<byte[]> Build, string FileName, string Code)> All { get; } =
        new Dictionary<string, (Func<byte[]>, string, string)>
        {
            ["2.1-million-empty-shared-strings"] = (() => Part("xl/sharedStrings.xml", $"<sst xmlns=\"{MainNamespace}\">", Repeat("<si/>", 2_100_000), "</sst>"), "a.xlsx", "file.too-complex"),
            ["150-thousand-merges"] = (() => Sheet("<sheetData/><mergeCells>", Repeat("<mergeCell ref=\"A1:B1\"/>", 150_000), "</mergeCells>"), "a.xlsx", "file.too-complex"),
            ["a-million-nested-elements-in-one-cell"] = (() => Sheet("<sheetData><row r=\"1\"><c r=\"A1\">", Repeat("<x>", 1_000_000), Repeat("</x>", 1_000_000) + "</c></row></sheetData>"), "a.xlsx", "file.too-complex"),
            ["200-thousand-sheet-entries"] = (() => Part("xl/workbook.xml", $"<workbook xmlns=\"{MainNamespace}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>", Repeat("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>", 200_000), "</sheets></workbook>"), "a.xlsx", "file.too-complex"),
            ["grid-wide-title-merge-over-empty-rows"] = (() => Sheet("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row>", string.Concat(Enumerable.Range(2, 29).Select(r => $"<row r=\"{r}\"/>")), "</sheetData><mergeCells><mergeCell ref=\"A1:XFD30\"/></mergeCells>"), "a.xlsx", "file.no-header"),
            ["a-header-then-a-cell-at-xfd-in-each-of-a-million-rows"] = (() => Sheet("<sheetData>" + Header, string.Concat(Enumerable.Range(2, 1_000_000).Select(r => $"<row r=\"{r}\"><c r=\"XFD{r}\"><v>1</v></c></row>")), "</sheetData><mergeCells><mergeCell ref=\"A2:XFC1048576\"/></mergeCells>"), "a.xlsx", "file.too-many-findings"),
            ["8192-side-by-side-merges-over-a-million-rows"] = (() => Sheet("<sheetData>" + Header.Replace("</row>", string.Concat(Enumerable.Range(6, 8_186).Select(c => $"<c r=\"{Pipeline.Core.Sheets.ColumnName.FromIndex(c)}1\"><v>1</v></c>")) + "</row>"), Repeat("<row/>", 1_000_000), "</sheetData><mergeCells>" + string.Concat(Enumerable.Range(0, 8_192).Select(c => $"<mergeCell ref=\"{Pipeline.Core.Sheets.ColumnName.FromIndex(c)}1:{Pipeline.Core.Sheets.ColumnName.FromIndex(c)}1048576\"/>")) + "</mergeCells>"), "a.xlsx", "file.too-many-findings"),
            ["surrogate-escape-in-a-header"] = (() => Sheet("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>街道_xD800_</t></is></c></row>", "", "</sheetData>"), "a.xlsx", "file.no-header"),
            ["30-title-rows-of-16383-cells"] = (() => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(string.Join(',', Enumerable.Repeat("x", 16_383)) + "\r\n", 30))), "a.csv", "file.no-header"),
            ["arabic-indic-digits-in-the-period"] = (() => Encoding.UTF8.GetBytes("填报周期,街道,社区,小区名称,是否有物业,业主组织,党组织覆盖\r\n٢٠٢٠-١٢,清源街道,枣园社区,枣园小区,是,业委会,是\r\n"), "a.csv", "value.period"),
        };

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    /// <summary>The workbook with one part replaced, stored so the part's size is not taken for a zip bomb.</summary>
    private static byte[] Part(string part, string start, string middle, string end) =>
        ZipParts.Replace(Xlsx(w => w.WriteRow("x")), part, s => s.Write(Encoding.UTF8.GetBytes(start + middle + end)), CompressionLevel.NoCompression);

    private static byte[] Sheet(string start, string middle, string end) =>
        Part(WorksheetPart, $"<worksheet xmlns=\"{MainNamespace}\">{start}", middle, $"{end}</worksheet>");
}
