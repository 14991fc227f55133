using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A sheet's merged cells, applied row by row as the sheet streams: every cell of a range shows the range's top-left
/// value, as Excel shows it (a 街道 merged down many rows, a title merged across). Only the values of ranges still
/// ahead are kept, and a range costs a row one span however wide it is.
/// </summary>
internal sealed class MergedRanges
{
    private readonly List<CellRange> ranges;
    private readonly List<(CellRange Range, Cell Value)> open = [];
    private readonly ReadBudget budget;
    private int next;

    private MergedRanges(List<CellRange> ranges, ReadBudget budget)
    {
        ranges.Sort((a, b) => a.FirstRow.CompareTo(b.FirstRow));
        this.ranges = ranges;
        this.budget = budget;
    }

    /// <summary>The ranges a reader of another format found; one-cell "ranges" change nothing.</summary>
    public static MergedRanges Of(IEnumerable<CellRange> ranges, ReadBudget budget, string sheet)
    {
        var kept = new List<CellRange>();
        foreach (var range in ranges)
        {
            budget.Tick();
            if (range.FirstRow != range.LastRow || range.FirstColumn != range.LastColumn)
            {
                kept.Add(range);
                budget.Count(kept.Count, budget.Limits.MaxMergedRanges, SpreadsheetLimit.MergedRanges, sheet);
            }
        }

        return new(kept, budget);
    }

    /// <summary>Collects the ranges from a first pass over the sheet part: &lt;mergeCells&gt; comes after the rows.</summary>
    public static MergedRanges Read(XmlReader reader, ReadBudget budget, string sheet)
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
                budget.Count(ranges.Count, budget.Limits.MaxMergedRanges, SpreadsheetLimit.MergedRanges, sheet);
            }

            reader.Read();
        }

        return new MergedRanges(ranges, budget);
    }

    /// <summary>Covers one row with the ranges over it; rows arrive in ascending order.</summary>
    public void Apply(int row, RowBuilder cells)
    {
        if (open.Count == 0 && (next == ranges.Count || ranges[next].FirstRow > row))
        {
            return;
        }

        open.RemoveAll(o => o.Range.LastRow < row);
        for (; next < ranges.Count && ranges[next].FirstRow <= row; next++)
        {
            budget.Tick();
            var range = ranges[next];
            if (range.LastRow >= row)
            {
                // When the top-left row itself is absent from the file, the range shows nothing.
                open.Add((range, range.FirstRow == row ? cells.Find(range.FirstColumn) : Cell.Empty));
            }
        }

        foreach (var (range, value) in open)
        {
            budget.Tick();
            // The top-left cell is the range's own: the rest of the range shows it.
            cells.Cover(row == range.FirstRow ? range.FirstColumn + 1 : range.FirstColumn, range.LastColumn, value);
        }
    }
}
