using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A legacy .xls (BIFF8 in an OLE compound file), read with ExcelDataReader behind this project's guards: the size
/// limit is checked before it is opened, row, column and text-length limits and a time budget while it is read, merged
/// cells are filled as for xlsx, dates, times and durations follow the cell's format, and whatever the parser throws
/// becomes a finding. Its parser reads sheets in order, so the workbook is read once, whole: a BIFF8 sheet has at most
/// 65,536 rows of 256 columns.
/// </summary>
internal static class XlsWorkbook
{
    static XlsWorkbook() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<Sheet> Read(Stream stream, ReadBudget budget, string? password = null)
    {
        var file = budget.File;
        try
        {
            stream.Position = 0;
            using var reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration
            {
                LeaveOpen = true,
                Password = password,
                // Workbooks without a code page are from Chinese Windows more often than not.
                FallbackEncoding = Encoding.GetEncoding(936),
            });
            var sheets = new List<Sheet>();
            do
            {
                sheets.Add(ReadSheet(reader, budget));
            }
            while (reader.NextResult());

            return sheets;
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
    }

    private static Sheet ReadSheet(IExcelDataReader reader, ReadBudget budget)
    {
        var file = budget.File;
        var limits = budget.Limits;
        var name = InvisibleCharacters.Strip(reader.Name) is { Length: > 0 } given ? given : $"Sheet{reader.ResultsCount}";
        var guard = new SheetGuard(name, budget);
        var merges = MergedRanges.Of(reader.MergeCells?.Select(m => new CellRange(m.FromRow + 1, m.FromColumn, m.ToRow + 1, m.ToColumn)) ?? [], budget, name);
        var rows = new List<SheetRow>();
        var number = 0;
        while (reader.Read())
        {
            number++;
            budget.CheckTime();

            guard.CountRow(number);
            var cells = new RowBuilder();
            for (var column = 0; column < reader.FieldCount; column++)
            {
                guard.CheckColumn(number, column);
                var cell = ReadCell(reader, column);
                guard.CheckLength(number, column, cell.Text.Length);
                cells.Add(column, cell);
            }

            merges.Apply(number, cells);
            rows.Add(cells.Build(number));
        }

        return new Sheet(name, rows);
    }

    private static Cell ReadCell(IExcelDataReader reader, int column)
    {
        // This parser version gives error cells (#N/A …) no value: they read as empty.
        return reader.GetValue(column) switch
        {
            null => Cell.Empty,
            string text => Cell.FromText(text),
            bool value => new Cell(CellKind.Boolean, value ? "TRUE" : "FALSE"),
            DateTime date => Temporal(date, reader.GetNumberFormatString(column)),
            double number => new Cell(CellKind.Number, number.ToString("R", CultureInfo.InvariantCulture)),
            var other => Cell.FromText(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
        };
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
