using System.Globalization;
using Pipeline.Core.Closing;
using Pipeline.Core.Model;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Report;

/// <summary>
/// The period's version history (版本记录) as the page shows it: each close with its note, each reopen with its
/// reason, and for each official version after the first, the streets whose figures or rank moved since the one before.
/// </summary>
internal static class ReportHistory
{
    public static IReadOnlyList<HistoryEntry> Build(PeriodClosing closing, IReadOnlyList<SummaryDocument> officials)
    {
        var byVersion = officials.Where(o => o.Publication.OfficialVersion is not null).ToDictionary(o => o.Publication.OfficialVersion!.Value);
        return [.. closing.Events.Select(e => new HistoryEntry(
            e.Action == ClosingEvent.Closed ? $"正式版 v{e.Version}" : $"重新开放 Reopened v{e.Version}",
            e.Action == ClosingEvent.Closed ? "封账 Closed" : "重新开放 Reopened",
            Timestamps.Beijing(e.At),
            Text(e),
            e.Action == ClosingEvent.Closed && e.Version > 1 && byVersion.TryGetValue(e.Version - 1, out var before) && byVersion.TryGetValue(e.Version, out var after)
                ? Changes(before, after)
                : null))];
    }

    /// <summary>The note or reason, and for a close over returned submissions, which ones.</summary>
    private static string Text(ClosingEvent e) => e.OverReturns is { Count: > 0 } over
        ? $"{e.Text ?? "—"}（强制封账，未处理的退回 Closed over returned: {string.Join("；", over)}）"
        : e.Text ?? "—";

    /// <summary>Streets of <paramref name="after"/> whose rank or any indicator differs from <paramref name="before"/>.</summary>
    public static IReadOnlyList<StreetChange> Changes(SummaryDocument before, SummaryDocument after)
    {
        var old = before.Streets.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var changes = new List<StreetChange>();
        foreach (var street in ReportOrder.Ranking(after))
        {
            var was = old.GetValueOrDefault(street.Code);
            var moved = ReportIndicator.All
                .Select(i => (Indicator: i, Before: i.Value(was?.Property, was?.Appeals), After: i.Value(street.Property, street.Appeals)))
                .Where(x => x.Before != x.After)
                .Select(x => $"{x.Indicator.Chinese} {x.Indicator.Format(x.Before)} → {x.Indicator.Format(x.After)}")
                .ToList();
            if (moved.Count > 0 || was?.Rank != street.Rank)
            {
                changes.Add(new StreetChange(street.Name, $"{ReportFormat.Integer(was?.Rank)} → {ReportFormat.Integer(street.Rank)}", was?.Rank != street.Rank, moved));
            }
        }

        return changes;
    }
}

/// <summary>One line of the version history; <see cref="Changes"/> is null when there is no earlier official version to compare with.</summary>
internal sealed record HistoryEntry(string Version, string Action, string At, string Text, IReadOnlyList<StreetChange>? Changes);

/// <summary>A street that moved between two official versions: its rank then and now, and the indicators that changed.</summary>
internal sealed record StreetChange(string Street, string Rank, bool RankMoved, IReadOnlyList<string> Indicators);
