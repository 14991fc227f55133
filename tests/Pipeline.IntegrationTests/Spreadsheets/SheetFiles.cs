using System.Globalization;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>A sheet as read, with all its rows.</summary>
internal sealed record ReadSheet(string Name, IReadOnlyList<SheetRow> Rows)
{
    public SheetRow Row(int number) => Rows.Single(r => r.Number == number);
}

/// <summary>Builds workbooks in memory and reads them back the way the pipeline does.</summary>
internal static class SheetFiles
{
    public const string WorksheetPart = "xl/worksheets/sheet1.xml";

    public const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Xlsx(Action<XlsxWriter> write, XlsxWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = XlsxWriter.Create(stream, options))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>A one-sheet workbook whose sheet part is <paramref name="sheetData"/> as written, with the given shared strings.</summary>
    public static byte[] XlsxWithSheetXml(string sheetData, params string[] sharedStrings)
    {
        var workbook = Xlsx(w => w.AddSheet("Sheet1").WriteRow([.. sharedStrings]));
        return ZipParts.Replace(workbook, WorksheetPart, Worksheet(sheetData));
    }

    public static string Worksheet(string inner) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MainNamespace}">{inner}</worksheet>""";

    public static IReadOnlyList<ReadSheet> ReadAll(byte[] file, string fileName, SpreadsheetLimits? limits = null) =>
        [.. SpreadsheetReader.Read(new MemoryStream(file), fileName, limits ?? SpreadsheetLimits.Default)
            .Select(sheet => new ReadSheet(sheet.Name, [.. sheet.Rows]))];

    /// <summary>The finding the file is rejected with, reading it to the end as the pipeline would.</summary>
    public static Finding Rejection(byte[] file, string fileName, SpreadsheetLimits? limits = null) =>
        Assert.Throws<SpreadsheetRejectedException>(() => ReadAll(file, fileName, limits)).Finding;

    /// <summary>Non-blank rows by number, each cell as kind and text; numbers as their value, as formats write them differently.</summary>
    public static List<string> Cells(IReadOnlyList<ReadSheet> sheets) =>
        [.. sheets.SelectMany(s => s.Rows.Where(r => !r.IsBlank).Select(r => $"{s.Name}!{r.Number}: " + string.Join(" | ",
            r.Cells.Select(c => c.Kind == CellKind.Number ? $"Number:{double.Parse(c.Text, CultureInfo.InvariantCulture):R}" : $"{c.Kind}:{c.Text}")
                .Reverse().SkipWhile(c => c == "Empty:").Reverse())))];

    public static string[] Texts(this SheetRow row) => [.. row.Cells.Select(c => c.Text)];

    public static CellKind[] Kinds(this SheetRow row) => [.. row.Cells.Select(c => c.Kind)];
}
