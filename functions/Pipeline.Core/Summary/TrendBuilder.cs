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

    /// <summary>
    /// The trend as reported: each period valued with the streets in force then (<see cref="TrendPeriod.Registry"/>,
    /// else <paramref name="registry"/>), every street of any period a row, marked where it began or ended; and, when
    /// the divisions changed within the span, beside it the streets of <paramref name="registry"/> restated over the
    /// earlier periods by the streets they came from.
    /// </summary>
    public static TrendDocument Build(DivisionRegistry registry, string period, IReadOnlyDictionary<string, TrendPeriod> byPeriod)
    {
        var periods = PeriodsOf(period);
        var registries = periods.Select(p => byPeriod.GetValueOrDefault(p)?.Registry ?? (registry.History is { } history ? history.In(p) : registry)).ToList();
        var valued = periods.Select((p, i) => byPeriod.TryGetValue(p, out var data) ? Value(registries[i], data) : null).ToList();
        var legend = Legend(periods.Select(byPeriod.GetValueOrDefault).OfType<TrendPeriod>().Select(d => d.Catalog).Reverse());

        IReadOnlyDictionary<string, IReadOnlyList<double?>> Series(Func<int, PeriodValues, IReadOnlyDictionary<string, double?>?> scope) =>
            legend.ToDictionary(i => i.Code, i => (IReadOnlyList<double?>)[.. valued.Select((v, at) => v is null ? null : scope(at, v)?.GetValueOrDefault(i.Code))],
                StringComparer.Ordinal);

        var district = new TrendSeries(registry.DistrictCode, registry.DistrictName, Series((_, v) => v.District));
        // Every street in force in any period of the span, by code; a street's name is the latest it had in the span.
        var everyStreet = registries.SelectMany(r => r.Streets).GroupBy(s => s.Code, StringComparer.Ordinal).Select(g => g.Last())
            .OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        var streets = everyStreet.Select(street =>
        {
            var inForce = registries.Select(r => r.FindByCode(street.Code) is not null).ToList();
            return new StreetTrend(street.Code, street.Name,
                [.. valued.Select(v => v?.Ranks.TryGetValue(street.Code, out var rank) == true ? rank : (int?)null)],
                Series((at, v) => inForce[at] ? v.Streets.GetValueOrDefault(street.Code) : null))
            {
                Since = inForce[0] ? null : periods[inForce.IndexOf(true)],
                Until = inForce[^1] ? null : periods[inForce.LastIndexOf(true)],
            };
        }).ToList();
        return new TrendDocument(TrendDocument.SchemaName, period, periods, district, streets)
        {
            Legend = legend,
            Restated = streets.Any(s => s.Since is not null || s.Until is not null) && registry.History is { } divisions
                ? Restate(divisions, registry, periods, registries, byPeriod, streets, legend)
                : null,
        };
    }

    /// <summary>
    /// Today's streets over the span: in a period before one began, the figures of the streets in force then that
    /// became it (pooled when several merged into it; a street that split stands whole beside each of its parts, marked).
    /// </summary>
    private static IReadOnlyList<StreetTrend> Restate(
        DivisionHistory divisions, DivisionRegistry registry, IReadOnlyList<string> periods, IReadOnlyList<DivisionRegistry> registries,
        IReadOnlyDictionary<string, TrendPeriod> byPeriod, IReadOnlyList<StreetTrend> reported, IReadOnlyList<TrendIndicator> legend)
    {
        var latest = registry.Period ?? periods[^1];
        var units = divisions.Streets.ToLookup(u => u.Code, StringComparer.Ordinal);
        // Per period, each street in force then with the streets it is today (itself, or what it became).
        var today = periods.Select((p, at) => registries[at].Streets
            .Select(s => (Street: s, Now: units[s.Code].Where(u => u.InForce(p)).SelectMany(u => divisions.SuccessorsIn(u, latest)).Select(u => u.Code).Distinct().ToList()))
            .ToList()).ToList();
        var restated = registry.Streets.Select(street =>
        {
            var own = reported.First(r => r.Code == street.Code);
            var predecessors = new SortedSet<string>(StringComparer.Ordinal);
            var shared = false;
            var series = legend.ToDictionary(i => i.Code, i => own.Indicators[i.Code].ToArray(), StringComparer.Ordinal);
            for (var at = 0; at < periods.Count; at++)
            {
                if (registries[at].FindByCode(street.Code) is not null || !byPeriod.TryGetValue(periods[at], out var data))
                {
                    continue;
                }

                // The streets of that period that are, today, this one (or of which it is a part).
                var before = today[at].Where(s => s.Now.Contains(street.Code) && data.Streets.ContainsKey(s.Street.Code)).ToList();
                if (before.Count == 0)
                {
                    continue;
                }

                predecessors.UnionWith(before.Select(b => b.Street.Name));
                shared |= before.Any(b => b.Now.Count > 1);
                var pooled = RowMeasures.Pool(before.Select(b => LegacyMeasures.Of(data.Streets[b.Street.Code])));
                var values = pooled is null ? null : LegacyMeasures.Values(data.Catalog, pooled);
                foreach (var indicator in legend)
                {
                    series[indicator.Code][at] = values?.GetValueOrDefault(indicator.Code);
                }
            }

            return own with
            {
                Indicators = series.ToDictionary(s => s.Key, s => (IReadOnlyList<double?>)s.Value, StringComparer.Ordinal),
                Until = null,
                Predecessors = predecessors.Count > 0 ? [.. predecessors] : null,
                Shared = shared,
            };
        }).ToList();

        // Ranked again among today's streets, each period by its own catalog's score, as the periods' ranks are.
        var ranks = periods.Select((p, at) => byPeriod.GetValueOrDefault(p)?.Catalog.Catalog.Score?.Code is { } score
            ? Ranking.Of(restated.Select(s => (s.Code, s.Indicators.GetValueOrDefault(score)?[at])))
            : new Dictionary<string, int>()).ToList();
        return [.. restated.Select(s => s with { Ranks = [.. ranks.Select(r => r.TryGetValue(s.Code, out var rank) ? rank : (int?)null)] })];
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
        var ranks = scoreCode is null ? new Dictionary<string, int>() : Ranking.Of(streets.Select(s => (s.Key, s.Value.GetValueOrDefault(scoreCode))));
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

/// <summary>One period of a trend: its stored street aggregates, the catalog version that values them, and the divisions in force then.</summary>
public sealed record TrendPeriod(IReadOnlyDictionary<string, StreetAggregate> Streets, CompiledCatalog Catalog)
{
    public DivisionRegistry? Registry { get; init; }
}
