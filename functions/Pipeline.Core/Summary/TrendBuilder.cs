using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Summary;

/// <summary>
/// Builds a period's trend from the stored street aggregates of it and the eleven periods before, each period valued
/// by the catalog version it was computed with: every indicator of those versions (the forms a version adds among
/// them) and the score, for the district and every street, and each street's rank.
/// </summary>
public static class TrendBuilder
{
    /// <summary>The periods a trend of <paramref name="period"/> spans, oldest first.</summary>
    public static IReadOnlyList<string> PeriodsOf(string period)
    {
        var periods = new List<string> { period };
        while (periods.Count < TrendDocument.Length)
        {
            periods.Insert(0, Model.Periods.Previous(periods[0]));
        }

        return periods;
    }

    public static TrendDocument Build(DivisionRegistry registry, string period, IReadOnlyDictionary<string, TrendPeriod> byPeriod)
    {
        var periods = PeriodsOf(period);
        var valued = periods.Select(p => byPeriod.TryGetValue(p, out var data) ? Value(registry, data) : null).ToList();
        var legend = Legend(periods.Select(byPeriod.GetValueOrDefault).OfType<TrendPeriod>().Select(d => d.Catalog).Reverse());

        IReadOnlyDictionary<string, IReadOnlyList<double?>> Series(Func<PeriodValues, IReadOnlyDictionary<string, double?>?> scope) =>
            legend.ToDictionary(i => i.Code, i => (IReadOnlyList<double?>)[.. valued.Select(v => v is null ? null : scope(v)?.GetValueOrDefault(i.Code))],
                StringComparer.Ordinal);

        var district = new TrendSeries(registry.DistrictCode, registry.DistrictName, Series(v => v.District));
        var streets = registry.Streets.Select(street => new StreetTrend(street.Code, street.Name,
            [.. valued.Select(v => v?.Ranks.TryGetValue(street.Code, out var rank) == true ? rank : (int?)null)],
            Series(v => v.Streets.GetValueOrDefault(street.Code)))).ToList();
        return new TrendDocument(TrendDocument.SchemaName, period, periods, district, streets) { Legend = legend };
    }

    /// <summary>A period's values: each street's (streets without figures have none), the district's over all, and the ranks by score.</summary>
    private static PeriodValues Value(DivisionRegistry registry, TrendPeriod data)
    {
        var catalog = data.Catalog;
        var totals = registry.Streets.Where(s => data.Streets.ContainsKey(s.Code))
            .Select(s => (s.Code, Forms: LegacyMeasures.Of(data.Streets[s.Code]))).ToList();
        var streets = totals.ToDictionary(s => s.Code, s => LegacyMeasures.Values(catalog, s.Forms), StringComparer.Ordinal);
        // Pooled over the streets in registry order, as the summary pools them, so a point equals the published figure.
        var district = RowMeasures.Pool(totals.Select(t => t.Forms));
        var scoreCode = catalog.Catalog.Score?.Code;
        var ranks = streets.Where(s => scoreCode is not null && s.Value.GetValueOrDefault(scoreCode) is not null)
            .OrderByDescending(s => s.Value[scoreCode!]).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select((s, i) => (s.Key, Rank: i + 1)).ToDictionary(s => s.Key, s => s.Rank, StringComparer.Ordinal);
        return new PeriodValues(streets, district is null ? null : LegacyMeasures.Values(catalog, district), ranks);
    }

    /// <summary>The newest version's indicators and score first, then those only older versions had.</summary>
    private static IReadOnlyList<TrendIndicator> Legend(IEnumerable<CompiledCatalog> newestFirst)
    {
        var legend = new List<TrendIndicator>();
        foreach (var catalog in newestFirst)
        {
            var entries = catalog.Catalog.Indicators.Select(i => new TrendIndicator(i.Code, i.Title, i.Format, i.Form));
            if (catalog.Catalog.Score is { } score)
            {
                entries = entries.Append(new TrendIndicator(score.Code, score.Title, IndicatorFormat.Decimal, null));
            }

            legend.AddRange(entries.Where(e => legend.All(l => l.Code != e.Code)));
        }

        return legend;
    }

    private sealed record PeriodValues(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> Streets, IReadOnlyDictionary<string, double?>? District, IReadOnlyDictionary<string, int> Ranks);
}

/// <summary>One period of a trend: its stored street aggregates and the catalog version that values them.</summary>
public sealed record TrendPeriod(IReadOnlyDictionary<string, StreetAggregate> Streets, CompiledCatalog Catalog);
