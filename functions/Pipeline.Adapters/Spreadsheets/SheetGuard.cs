using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>Holds one pass over a sheet to the row and cell limits, and to Excel's own grid, while it streams.</summary>
internal sealed class SheetGuard(string file, string sheet, SpreadsheetLimits limits)
{
    /// <summary>Excel's widest sheet ends at column XFD: nothing Excel or a clerk produced is wider.</summary>
    public const int MaxColumns = 16_384;

    public const int MaxRowNumber = 1_048_576;

    private int rows;

    public int MaxCellCharacters => limits.MaxCellCharacters;

    public void CountRow(int number)
    {
        if (++rows > limits.MaxRows)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooManyRows(file, sheet, number, limits.MaxRows));
        }
    }

    public void CheckColumn(int row, int column)
    {
        if (column >= MaxColumns)
        {
            throw new SpreadsheetRejectedException(FileFindings.Corrupt(file, sheet) with { Row = row });
        }
    }

    public void CheckLength(int row, int column, int length)
    {
        if (length > limits.MaxCellCharacters)
        {
            throw new SpreadsheetRejectedException(
                FileFindings.CellTooLong(file, sheet, row, ColumnName.FromIndex(column), limits.MaxCellCharacters));
        }
    }
}
