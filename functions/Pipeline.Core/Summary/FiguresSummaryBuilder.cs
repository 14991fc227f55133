using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Summary;

/// <summary>
/// Builds <c>governance-summary/v3</c> with the form catalog: each community's measures, pooled to its street in key
/// order, streets to the district in registry order and members to their groups in the group's order; every
/// indicator, community average, score, rank and alert computed by the catalog's own formulas.
/// </summary>
public static class FiguresSummaryBuilder
{
    public static FiguresSummary Build(
        DivisionRegistry registry, string period, string kind, long revision, DateTimeOffset generatedAt, PeriodClosing? closing,
        CompiledCatalog catalog, IReadOnlyList<(CommunityFigures Community, IReadOnlyDictionary<string, MeasureTotals> Forms)> communities)
    {
        var byStreet = communities.GroupBy(c => c.Community.StreetCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Community.Key, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var totals = new Dictionary<string, ScopeTotals>(StringComparer.Ordinal);
        var streetCommunities = new Dictionary<string, IReadOnlyList<ScopeFigures>>(StringComparer.Ordinal);
        foreach (var street in registry.Streets)
        {
            var members = byStreet.GetValueOrDefault(street.Code) ?? [];
            var each = members.Select(m => (m.Community, Totals: ScopeTotals.Community(m.Forms, catalog))).ToList();
            totals[street.Code] = each.Aggregate(ScopeTotals.Empty, (sum, next) => sum + next.Totals);
            streetCommunities[street.Code] = [.. each.Select(c => Scope(c.Community.Code ?? c.Community.Key, c.Community.Name, c.Totals, catalog, null))];
        }

        var scores = registry.Streets.ToDictionary(s => s.Code, s => catalog.Score(catalog.Values(totals[s.Code].Forms)), StringComparer.Ordinal);
        var ranks = Ranking.Of(scores.Select(s => (s.Key, s.Value)));
        var streets = registry.Streets.Select(s => Scope(s.Code, s.Name, totals[s.Code], catalog, ranks.TryGetValue(s.Code, out var rank) ? rank : null)
            with { Communities = streetCommunities[s.Code] }).ToList();
        var district = Scope(registry.DistrictCode, registry.DistrictName, registry.Streets.Select(s => totals[s.Code]).Aggregate(ScopeTotals.Empty, (sum, next) => sum + next), catalog, null);

        var byCode = communities.Where(c => c.Community.Code is not null).GroupBy(c => c.Community.Code!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ScopeTotals.Community(g.First().Forms, catalog), StringComparer.Ordinal);
        var groups = registry.Groups.Select(group =>
        {
            var found = group.Communities.Where(byCode.ContainsKey).Select(code => byCode[code]).ToList();
            return Scope(group.Code, group.Name, found.Aggregate(ScopeTotals.Empty, (sum, next) => sum + next), catalog, null)
                with { Members = group.Communities.Count, Reporting = found.Count };
        }).ToList();

        var stamp = new CatalogStamp(catalog.Catalog.Version, catalog.Catalog.EffectiveFrom);
        return new FiguresSummary(FiguresSummary.SchemaName, kind, period, revision, Publication.Of(closing ?? PeriodClosing.None), Timestamps.Utc(generatedAt),
            stamp, district, streets, groups)
        {
            Divisions = new DivisionsStamp(DivisionVersions.NameOf(DivisionHistory.Of(registry))),
        };
    }

    private static ScopeFigures Scope(string code, string name, ScopeTotals totals, CompiledCatalog catalog, int? rank)
    {
        var indicators = new SortedDictionary<string, IndicatorFigure>(StringComparer.Ordinal);
        foreach (var indicator in catalog.Indicators)
        {
            var definition = indicator.Definition;
            if (totals.Forms.TryGetValue(definition.Form, out var measures))
            {
                double? average = definition.CommunityAverage && totals.CommunitySums.TryGetValue(definition.Code, out var sums) ? Rate.Of(sums.Sum, sums.Count) : null;
                indicators[definition.Code] = new IndicatorFigure(definition.Form, indicator.Value(measures), definition.Target, average);
            }
        }

        var forms = totals.Forms.ToDictionary(f => f.Key, f => new FormMeasures(f.Value.Values, f.Value.Breakdowns), StringComparer.Ordinal);
        var score = catalog.Score(catalog.Values(totals.Forms));
        var values = indicators.ToDictionary(i => i.Key, i => i.Value.Value, StringComparer.Ordinal);
        if (catalog.Catalog.Score is { } scored)
        {
            values[scored.Code] = score;
        }

        return new ScopeFigures(code, name, forms, indicators, score, rank, IndicatorAlerts.Of(catalog, values));
    }
}
