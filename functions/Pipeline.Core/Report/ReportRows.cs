using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Core.Report;

/// <summary>A community of the drill-down with its rates: property rates from its roster, appeal rates from its tally.</summary>
internal sealed record CommunityRow(CommunityFigures Figures)
{
    public PropertyTally? Property => Figures.Property;

    public AppealTally? Appeals => Figures.Appeals;

    /// <summary>The community's indicators and score, by the catalog's formulas, by key.</summary>
    public IReadOnlyDictionary<string, double?> Rates(CompiledCatalog catalog) => LegacyMeasures.Values(catalog, Property, Appeals);
}

/// <summary>The orders the report lists things in; every one is total, so the output is the same for the same input.</summary>
internal static class ReportOrder
{
    /// <summary>Ranked streets by rank, then unranked streets by code.</summary>
    public static IReadOnlyList<StreetSummary> Ranking(SummaryDocument summary) =>
        [.. summary.Streets.OrderBy(s => s.Rank is null).ThenBy(s => s.Rank).ThenBy(s => s.Code, StringComparer.Ordinal)];

    /// <summary>Communities grouped by street in the summary's street order (unknown streets last, by code), then by key.</summary>
    public static IReadOnlyList<(string StreetCode, string StreetName, IReadOnlyList<CommunityRow> Communities)> Drilldown(
        SummaryDocument summary, IReadOnlyList<CommunityFigures> communities)
    {
        var names = summary.Streets.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
        var order = summary.Streets.Select((s, i) => (s.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        return [.. communities
            .GroupBy(c => c.StreetCode, StringComparer.Ordinal)
            .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var name = names.GetValueOrDefault(g.Key) ?? g.Key;
                IReadOnlyList<CommunityRow> rows = [.. g
                    .OrderBy(c => c.Key, StringComparer.Ordinal)
                    .ThenBy(c => c.Name, StringComparer.Ordinal)
                    .Select(c => new CommunityRow(c))];
                return (g.Key, name, rows);
            })];
    }

    /// <summary>Counts by value, largest first, ties by value.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Counts(IReadOnlyDictionary<string, long>? counts) =>
        [.. (counts ?? new Dictionary<string, long>()).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)];
}
