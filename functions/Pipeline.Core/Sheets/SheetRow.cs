namespace Pipeline.Core.Sheets;

/// <summary>A row as Excel numbers it (1-based), cells indexed by column (0 = A). Trailing empty cells may be absent.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<Cell> Cells)
{
    public Cell this[int column] => column < Cells.Count ? Cells[column] : Cell.Empty;

    public bool IsBlank => Cells.All(c => c.IsEmpty);
}

/// <summary>One worksheet (a CSV file is one sheet named after the file); rows are read lazily, in order.</summary>
public sealed record Sheet(string Name, IEnumerable<SheetRow> Rows);
