using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A legacy .xls (BIFF8 in an OLE compound file), read with ExcelDataReader behind this project's guards. Its own
/// compound-file code never sees an upload: <see cref="CompoundFile"/> takes the Workbook stream out within the
/// file's bounds, <see cref="BiffCheck"/> checks it record by record, and the parser reads that checked stream as a
/// raw BIFF8 one. Sheets are read lazily, one reader per sheet, so rows are never held: row, column and text-length
/// limits and the time budget apply while they stream, merged cells are filled as for xlsx, dates, times and durations
/// follow the cell's format, and whatever the parser throws becomes a finding.
/// </summary>
internal static class XlsWorkbook
{
    static XlsWorkbook() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<Sheet> Read(Stream stream, ReadBudget budget)
    {
        byte[] workbook;
        IReadOnlyList<XlsSheetEntry> entries;
        try
        {
            var compound = CompoundFile.Open(stream, budget);
            workbook = compound.ReadRootStream("Workbook", stream.Length) ?? throw new InvalidDataException("No Workbook stream.");
            entries = BiffCheck.Check(workbook, budget);
        }
        catch (Exception exception) when (ContentFailures.IsContentFailure(exception))
        {
            throw new SpreadsheetRejectedException(FileFindings.Corrupt(budget.File));
        }

        budget.CheckTime();
        return [.. entries.Select(entry => new Sheet(entry.Name, Guarded(ReadRows(workbook, entry, budget), budget)))];
    }

    /// <summary>
    /// Opens a reader over the checked stream and moves to the sheet: the parser reads sheets only in order, and a
    /// reader per enumeration keeps nothing of one sheet while another is read.
    /// </summary>
    private static IEnumerable<SheetRow> ReadRows(byte[] workbook, XlsSheetEntry entry, ReadBudget budget)
    {
        budget.CheckTime();
        using var reader = ExcelReaderFactory.CreateBinaryReader(new MemoryStream(workbook, writable: false), new ExcelReaderConfiguration
        {
            // Workbooks without a code page are from Chinese Windows more often than not.
            FallbackEncoding = Encoding.GetEncoding(936),
        });
        for (var result = 0; result < entry.ResultIndex; result++)
        {
            budget.CheckTime();
            if (!reader.NextResult())
            {
                throw new InvalidDataException("Fewer worksheets than the workbook lists.");
            }
        }

        budget.CheckTime();
        var name = entry.Name;
        var guard = new SheetGuard(name, budget);
        // The parser reads merged rows as signed 16-bit numbers: rows past 32,767 come back negative.
        var merges = MergedRanges.Of(
            reader.MergeCells?.Select(m => new CellRange((m.FromRow & 0xFFFF) + 1, m.FromColumn & 0xFFFF, (m.ToRow & 0xFFFF) + 1, m.ToColumn & 0xFFFF)) ?? [],
            budget,
            name);
        var cells = new RowBuilder();
        var displays = new Dictionary<int, NumberDisplay?>();
        var number = 0;
        // The checked DIMENSIONS and cells keep this within 65,536 rows of 256 columns, empty rows included.
        while (reader.Read())
        {
            number++;
            guard.CountRow(number);
            for (var column = 0; column < reader.FieldCount; column++)
            {
                budget.Tick();
                guard.CheckColumn(number, column);
                var cell = ReadCell(reader, column, displays);
                guard.CheckLength(number, column, cell.Text.Length);
                cells.Add(column, cell);
            }

            merges.Apply(number, cells);
            yield return cells.Build(number);
        }
    }

    /// <summary>Turns whatever the parser throws while a sheet streams into the finding it means to a clerk.</summary>
    private static IEnumerable<SheetRow> Guarded(IEnumerable<SheetRow> rows, ReadBudget budget)
    {
        var file = budget.File;
        using var enumerator = rows.GetEnumerator();
        while (true)
        {
            bool more;
            // The clock runs while the parser works, not while the caller holds a row.
            budget.Resume();
            try
            {
                more = enumerator.MoveNext();
            }
            catch (SpreadsheetRejectedException)
            {
                throw;
            }
            catch (InvalidPasswordException)
            {
                throw new SpreadsheetRejectedException(FileFindings.Encrypted(file));
            }
            catch (HeaderException)
            {
                throw new SpreadsheetRejectedException(FileFindings.LegacyExcel(file));
            }
            catch (Exception exception) when (exception is not (OutOfMemoryException or OperationCanceledException))
            {
                // The parser is not ours: whatever a damaged file makes it throw means the same to a clerk.
                throw new SpreadsheetRejectedException(FileFindings.Corrupt(file));
            }
            finally
            {
                budget.Pause();
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    private static Cell ReadCell(IExcelDataReader reader, int column, Dictionary<int, NumberDisplay?> displays)
    {
        // This parser version gives error cells (#N/A …) no value: they read as empty.
        return reader.GetValue(column) switch
        {
            null => Cell.Empty,
            string text => Cell.FromText(text),
            bool value => new Cell(CellKind.Boolean, value ? "TRUE" : "FALSE"),
            DateTime date => Temporal(date, reader.GetNumberFormatString(column)),
            double number => Cell.Number(number.ToString("R", CultureInfo.InvariantCulture), Display(reader, column, displays)?.Show(number)),
            var other => Cell.FromText(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
        };
    }

    /// <summary>How the cell's number format shows a number; each format parsed once, however long its code.</summary>
    private static NumberDisplay? Display(IExcelDataReader reader, int column, Dictionary<int, NumberDisplay?> displays)
    {
        var index = reader.GetNumberFormatIndex(column);
        if (!displays.TryGetValue(index, out var display))
        {
            displays[index] = display = reader.GetNumberFormatString(column) is { } code ? NumberDisplay.Parse(code) : null;
        }

        return display;
    }

    /// <summary>The parser makes a DateTime of every date-formatted number; the format says whether it is a time or a duration.</summary>
    private static Cell Temporal(DateTime value, string? format)
    {
        var serial = value.ToOADate();
        var kind = format is null ? Spreadsheets.Temporal.Date : CellStyles.Classify(0, format);
        return kind switch
        {
            Spreadsheets.Temporal.TimeOfDay when ExcelDate.TimeOfDay(serial) is { } time => new Cell(CellKind.Time, time),
            Spreadsheets.Temporal.Duration when ExcelDate.Duration(serial) is { } duration => new Cell(CellKind.Time, duration),
            _ => new Cell(CellKind.Date, ExcelDate.Format(value)),
        };
    }
}
