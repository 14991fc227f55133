using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Collects one row as a reader meets it: its cells in any column order (a column written twice keeps the later cell)
/// and the merged ranges over it, which show their value across their columns and hide any cell beneath. Makes the
/// row's spans in time proportional to what it collected, however wide the ranges.
/// </summary>
internal sealed class RowBuilder
{
    private readonly List<CellSpan> cells = [];
    private readonly List<CellSpan> covers = [];
    private bool sorted = true;

    /// <summary>A cell the file wrote; empty ones change nothing.</summary>
    public void Add(int column, Cell cell)
    {
        if (cell.Kind == CellKind.Empty)
        {
            return;
        }

        sorted &= cells.Count == 0 || cells[^1].FirstColumn < column;
        cells.Add(new CellSpan(column, column, cell));
    }

    /// <summary>The cell written at <paramref name="column"/>, or empty.</summary>
    public Cell Find(int column)
    {
        Sort();
        var at = cells.BinarySearch(new CellSpan(column, column, Cell.Empty), ByColumn.Instance);
        return at >= 0 ? cells[at].Cell : Cell.Empty;
    }

    /// <summary>A merged range's part of this row: shows <paramref name="value"/> (or nothing) and hides the cells beneath.</summary>
    public void Cover(int firstColumn, int lastColumn, Cell value)
    {
        if (firstColumn <= lastColumn)
        {
            covers.Add(new CellSpan(firstColumn, lastColumn, value));
        }
    }

    public SheetRow Build(int number)
    {
        Sort();
        if (covers.Count == 0)
        {
            var plain = new SheetRow(number, [.. cells]);
            Clear();
            return plain;
        }

        // Ranges overlap only in a damaged or crafted file: the one that starts first keeps the columns they share.
        covers.Sort(ByColumn.Instance);
        var spans = new List<CellSpan>(cells.Count + covers.Count);
        var next = 0;
        var coveredTo = -1;
        foreach (var cover in covers)
        {
            var first = Math.Max(cover.FirstColumn, coveredTo + 1);
            if (first > cover.LastColumn)
            {
                continue;
            }

            for (; next < cells.Count && cells[next].FirstColumn < first; next++)
            {
                if (cells[next].FirstColumn > coveredTo)
                {
                    spans.Add(cells[next]);
                }
            }

            while (next < cells.Count && cells[next].FirstColumn <= cover.LastColumn)
            {
                next++;
            }

            if (cover.Cell.Kind != CellKind.Empty)
            {
                spans.Add(cover with { FirstColumn = first });
            }

            coveredTo = cover.LastColumn;
        }

        for (; next < cells.Count; next++)
        {
            spans.Add(cells[next]);
        }

        Clear();
        return new SheetRow(number, spans);
    }

    private void Clear()
    {
        cells.Clear();
        covers.Clear();
        sorted = true;
    }

    /// <summary>Orders the cells by column, the later of two in one column kept (the sort is stable).</summary>
    private void Sort()
    {
        if (sorted)
        {
            return;
        }

        var ordered = cells.Select((span, index) => (span, index)).OrderBy(c => c.span.FirstColumn).ThenBy(c => c.index).Select(c => c.span).ToList();
        cells.Clear();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i + 1 < ordered.Count && ordered[i + 1].FirstColumn == ordered[i].FirstColumn)
            {
                continue;
            }

            cells.Add(ordered[i]);
        }

        sorted = true;
    }

    private sealed class ByColumn : IComparer<CellSpan>
    {
        public static readonly ByColumn Instance = new();

        public int Compare(CellSpan x, CellSpan y) => x.FirstColumn.CompareTo(y.FirstColumn);
    }
}
