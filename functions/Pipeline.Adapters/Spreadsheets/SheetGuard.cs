using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>Holds one pass over a sheet to the row and cell limits, and to Excel's own grid, while it streams.</summary>
internal sealed class SheetGuard(string sheet, ReadBudget budget)
{
    /// <summary>Excel's widest sheet ends at column XFD: nothing Excel or a clerk produced is wider. Not a setting: it is the grid.</summary>
    public const int MaxColumns = 16_384;

    public const int MaxRowNumber = 1_048_576;

    private readonly string file = budget.File;
    private readonly SpreadsheetLimits limits = budget.Limits;
    private int rows;

    public ReadBudget Budget => budget;

    public int MaxCellCharacters => limits.MaxCellCharacters;

    public void CountRow(int number)
    {
        budget.Tick();
        if (++rows > limits.MaxRows)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooManyRows(file, sheet, number, limits.MaxRows));
        }
    }

    /// <summary>Counts a cell a row lists, written twice or not.</summary>
    public void CountCell(int row, int cells)
    {
        budget.Tick();
        budget.Count(cells, limits.MaxCellsPerRow, SpreadsheetLimit.CellsPerRow, sheet, row);
    }

    public void CheckColumn(int row, int column)
    {
        if (column >= MaxColumns)
        {
            throw new SpreadsheetRejectedException(FileFindings.TooManyColumns(file, sheet, row, MaxColumns));
        }
    }

    /// <summary>Refuses a row or cell address the file wrote that is not one or lies beyond the grid: reading on would move its cells elsewhere.</summary>
    public void CheckAddress(AddressParse parse, int? row, string address)
    {
        if (parse != AddressParse.Ok)
        {
            throw new SpreadsheetRejectedException(parse == AddressParse.OutOfRange
                ? FileFindings.AddressOutOfRange(file, sheet, row, address, CellReference.LastCell)
                : FileFindings.AddressInvalid(file, sheet, row, address));
        }
    }

    public void RefuseControlCharacter(int row, int column, char character) =>
        throw new SpreadsheetRejectedException(FileFindings.ControlCharacter(file, sheet, row, ColumnName.FromIndex(column), character));

    public void CheckLength(int row, int column, int length)
    {
        if (length > limits.MaxCellCharacters)
        {
            throw new SpreadsheetRejectedException(
                FileFindings.CellTooLong(file, sheet, row, ColumnName.FromIndex(column), limits.MaxCellCharacters));
        }
    }
}
