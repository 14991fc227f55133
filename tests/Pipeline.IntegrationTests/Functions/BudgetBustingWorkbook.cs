using System.IO.Compression;
using System.Text;
using Pipeline.IntegrationTests.Spreadsheets;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// A small .xlsx that costs a reader far more than its size: a roster header, then 8,192 one-column ranges merged down
/// the whole grid beside it, over hundreds of thousands of empty rows. Every empty row shows 8,192 covered cells, so
/// each costs thousands of steps, and the read runs into its deadline (<c>file.too-slow</c>) long before the last row.
/// The covered cells of a row start with 合计, so the rows read as totals rows: no row is a finding, and nothing but the
/// deadline stops the read.
/// </summary>
internal static class BudgetBustingWorkbook
{
    public const int MergedRanges = 8_192;

    /// <summary>Columns A–G hold the roster's header; the merged ranges start at H.</summary>
    private const int FirstMergedColumn = 7;

    private static readonly string[] Header = ["街道", "社区", "小区名称", "是否有物业", "物业服务方式", "业主组织", "党组织覆盖"];

    public static byte[] Build(int rows = 900_000)
    {
        var workbook = SheetFiles.Xlsx(w => w.AddSheet("台账").WriteRow(["街道"]));
        return ZipParts.Replace(workbook, SheetFiles.WorksheetPart, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SheetFiles.MainNamespace}"><sheetData><row r="1">""");
            for (var column = 0; column < Header.Length; column++)
            {
                Inline(writer, column, Header[column]);
            }

            for (var i = 0; i < MergedRanges; i++)
            {
                Inline(writer, FirstMergedColumn + i, i == 0 ? "合计" : $"x{i}");
            }

            writer.Write("</row>");
            for (var row = 2; row <= rows; row++)
            {
                writer.Write($"""<row r="{row}"/>""");
            }

            writer.Write($"""</sheetData><mergeCells count="{MergedRanges}">""");
            for (var i = 0; i < MergedRanges; i++)
            {
                var column = Column(FirstMergedColumn + i);
                writer.Write($"""<mergeCell ref="{column}1:{column}1048576"/>""");
            }

            writer.Write("</mergeCells></worksheet>");
        }, CompressionLevel.Optimal);
    }

    private static void Inline(StreamWriter writer, int column, string text) =>
        writer.Write($"""<c r="{Column(column)}1" t="inlineStr"><is><t>{text}</t></is></c>""");

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
