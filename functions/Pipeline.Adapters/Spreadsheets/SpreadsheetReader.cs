using Pipeline.Adapters.Spreadsheets.Encryption;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Reads an uploaded .xlsx, .xls (Excel 97–2003) or .csv as sheets of rows, streaming (an .xls through a checked copy of its workbook stream, one reader per sheet), whatever the upload holds: every problem with the file
/// is a <see cref="SpreadsheetRejectedException"/> carrying its finding, and no other exception comes from its content.
/// </summary>
public static class SpreadsheetReader
{
    /// <summary>
    /// Reads <paramref name="stream"/> from its start. Whole-file problems (too large, not a spreadsheet, encrypted with a real password, a
    /// zip bomb) are thrown at once; problems inside a sheet (damage, too many rows, a cell too long) while its rows are
    /// enumerated. Rows stay readable while the stream is open; the caller disposes it.
    /// </summary>
    /// <param name="stream">A readable, seekable stream: callers buffer blobs to a temporary file.</param>
    /// <param name="fileName">The name the findings give; its extension matters only for CSV.</param>
    /// <param name="limits">What the file may be, at most, and what reading it may cost.</param>
    /// <param name="clock">Times the read against its deadline; the system clock unless a test moves one by hand.</param>
    public static IEnumerable<Sheet> Read(Stream stream, string fileName, SpreadsheetLimits limits, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(limits);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable: buffer the upload to a file first.", nameof(stream));
        }

        if (stream.Length > limits.MaxFileBytes)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooLarge(fileName, stream.Length, limits.MaxFileBytes));
        }

        // One budget for the whole read: the sheets and rows enumerated later spend from it too.
        var budget = new ReadBudget(fileName, stream.Length, limits, clock ?? TimeProvider.System);
        try
        {
            var sheets = FileFormat.Detect(stream, fileName) switch
            {
                SpreadsheetFormat.Xlsx => XlsxWorkbook.Open(stream, budget).Sheets,
                SpreadsheetFormat.Csv => [CsvSheet.Open(stream, budget)],
                // Write-protected workbooks are encrypted with Excel's default password, which Excel opens without asking.
                SpreadsheetFormat.EncryptedXlsx => XlsxWorkbook.Open(EncryptedWorkbook.Decrypt(stream, budget), budget).Sheets,
                SpreadsheetFormat.Xls => XlsWorkbook.Read(stream, budget),
                SpreadsheetFormat.OldExcel => throw new SpreadsheetRejectedException(FileFindings.LegacyExcel(fileName)),
                // WPS saves .et as an OLE workbook the .xls path reads; any other .et is its own format.
                _ when Path.GetExtension(fileName).Equals(".et", StringComparison.OrdinalIgnoreCase) => throw new SpreadsheetRejectedException(FileFindings.WpsSheet(fileName)),
                _ => throw new SpreadsheetRejectedException(FileFindings.UnknownType(fileName)),
            };
            // The rows are read as the caller asks for them; the clock runs again then.
            budget.Pause();
            return sheets;
        }
        catch (Exception exception) when (ContentFailures.IsContentFailure(exception))
        {
            throw new SpreadsheetRejectedException(FileFindings.Corrupt(fileName));
        }
    }
}
