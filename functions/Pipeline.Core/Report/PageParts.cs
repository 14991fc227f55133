namespace Pipeline.Core.Report;

/// <summary>A column heading: Chinese with its English, as <c>_th.liquid</c> renders it.</summary>
internal sealed record Heading(string Chinese, string English, string? Css = null);

/// <summary>
/// A table cell as <c>_td.liquid</c> renders it: its text, a class, a tooltip, the below-target mark, and the
/// community average under a rate.
/// </summary>
internal sealed record Cell(string Text, string? Css = null, string? Title = null, bool Below = false, string? Average = null)
{
    /// <summary>A figure; when <paramref name="belowTarget"/> is given it is highlighted and marked, for print too.</summary>
    public static Cell Value(ReportIndicator indicator, double? value, double? belowTarget, double? average = null, bool showAverage = false) =>
        new(indicator.Format(value),
            belowTarget is null ? null : "below",
            belowTarget is { } target ? $"低于目标 Below target {indicator.Format(target)}" : null,
            belowTarget is not null,
            showAverage ? indicator.Format(average) : null);

    /// <summary>A change, coloured by its sign.</summary>
    public static Cell Delta(ReportIndicator indicator, double? now, double? before)
    {
        var text = indicator.FormatDelta(now, before);
        return new Cell(text, text.StartsWith('+') ? "up" : text.StartsWith('\u2212') ? "down" : null);
    }

    /// <summary>A rank's move: up when the number fell.</summary>
    public static Cell RankChange(int? now, int? before)
    {
        if (now is not { } n || before is not { } b)
        {
            return new Cell(ReportFormat.None);
        }

        var change = b - n;
        return change > 0 ? new Cell($"↑{ReportFormat.Integer(change)}", "up")
            : change < 0 ? new Cell($"↓{ReportFormat.Integer(-change)}", "down")
            : new Cell("0");
    }
}

/// <summary>A table row headed by a name (<c>_row.liquid</c>): the row's class, the heading cell's class, its cells.</summary>
internal sealed record NamedRow(string Name, IReadOnlyList<Cell> Cells, string? Css = null, string NameCss = "text");
