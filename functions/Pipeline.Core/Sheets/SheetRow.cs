namespace Pipeline.Core.Sheets;

/// <summary>Columns <see cref="FirstColumn"/> to <see cref="LastColumn"/> of a row showing one cell: a cell, or a merged range's part of the row.</summary>
public readonly record struct CellSpan(int FirstColumn, int LastColumn, Cell Cell);

/// <summary>
/// A row as Excel numbers it (1-based), held as the spans that hold a cell, in column order (0 = A): a row costs what it holds,
/// never how far to the right a merge or a stray cell reaches.
/// </summary>
public sealed record SheetRow(int Number, IReadOnlyList<CellSpan> Spans)
{
    /// <summary>A row of cells side by side from column A; empty ones hold no span.</summary>
    public static SheetRow Of(int number, IEnumerable<Cell> cells) =>
        new(number, [.. cells.Select((cell, column) => new CellSpan(column, column, cell)).Where(span => span.Cell.Kind != CellKind.Empty)]);

    public Cell this[int column]
    {
        get
        {
            int low = 0, high = Spans.Count - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var span = Spans[middle];
                if (column < span.FirstColumn)
                {
                    high = middle - 1;
                }
                else if (column > span.LastColumn)
                {
                    low = middle + 1;
                }
                else
                {
                    return span.Cell;
                }
            }

            return Cell.Empty;
        }
    }

    public bool IsBlank => Spans.All(span => span.Cell.IsEmpty);

    /// <summary>One past the last column that shows anything.</summary>
    public int Width => Spans.Count == 0 ? 0 : Spans[^1].LastColumn + 1;

    /// <summary>Every column from A to the last that shows anything, for reading a row whole: it costs the row's width.</summary>
    public IReadOnlyList<Cell> Cells => [.. Enumerable.Range(0, Width).Select(column => this[column])];
}

/// <summary>One worksheet (a CSV file is one sheet named after the file); rows are read lazily, in order.</summary>
public sealed record Sheet(string Name, IEnumerable<SheetRow> Rows);
