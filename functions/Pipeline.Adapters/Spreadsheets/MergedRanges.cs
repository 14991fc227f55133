using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A sheet's merged cells, applied row by row as the sheet streams: every cell of a range shows the range's top-left
/// value, as Excel shows it (a 街道 merged down many rows, a title merged across). Only the values of ranges still
/// ahead are kept.
/// </summary>
internal sealed class MergedRanges
{
    private readonly List<CellRange> ranges;
    private readonly List<(CellRange Range, Cell Value)> open = [];
    private int next;

    private MergedRanges(List<CellRange> ranges)
    {
        ranges.Sort((a, b) => a.FirstRow.CompareTo(b.FirstRow));
        this.ranges = ranges;
    }

    /// <summary>The ranges a reader of another format found; one-cell "ranges" change nothing.</summary>
    public static MergedRanges Of(IEnumerable<CellRange> ranges) =>
        new([.. ranges.Where(r => r.FirstRow != r.LastRow || r.FirstColumn != r.LastColumn)]);

    /// <summary>Collects the ranges from a first pass over the sheet part: &lt;mergeCells&gt; comes after the rows.</summary>
    public static MergedRanges Read(XmlReader reader)
    {
        var ranges = new List<CellRange>();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "sheetData")
            {
                reader.Skip();
                continue;
            }

            // A one-cell "range" changes nothing.
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && reader.LocalName == "mergeCell"
                && CellReference.TryParseRange(reader.GetAttribute("ref"), out var range)
                && (range.FirstRow != range.LastRow || range.FirstColumn != range.LastColumn))
            {
                ranges.Add(range);
            }

            reader.Read();
        }

        return new MergedRanges(ranges);
    }

    /// <summary>Fills the merged cells of one row; rows arrive in ascending order.</summary>
    public void Apply(int row, List<Cell> cells)
    {
        if (open.Count == 0 && (next == ranges.Count || ranges[next].FirstRow > row))
        {
            return;
        }

        open.RemoveAll(o => o.Range.LastRow < row);
        for (; next < ranges.Count && ranges[next].FirstRow <= row; next++)
        {
            var range = ranges[next];
            if (range.LastRow >= row)
            {
                // When the top-left row itself is absent from the file, the range shows nothing.
                var value = range.FirstRow == row && range.FirstColumn < cells.Count ? cells[range.FirstColumn] : Cell.Empty;
                open.Add((range, value));
            }
        }

        foreach (var (range, value) in open)
        {
            var last = value.Kind == CellKind.Empty ? Math.Min(range.LastColumn, cells.Count - 1) : range.LastColumn;
            for (var column = range.FirstColumn; column <= last; column++)
            {
                if (row != range.FirstRow || column != range.FirstColumn)
                {
                    Place(cells, column, value);
                }
            }
        }
    }

    public static void Place(List<Cell> cells, int column, Cell cell)
    {
        while (cells.Count <= column)
        {
            cells.Add(Cell.Empty);
        }

        cells[column] = cell;
    }
}
