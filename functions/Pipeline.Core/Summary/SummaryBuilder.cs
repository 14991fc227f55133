using System.Globalization;
using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Summary;

/// <summary>Builds the summary document from stored street aggregates: pooling, rates, ranking, trend and alerts.</summary>
public static class SummaryBuilder
{
    public static SummaryDocument Build(
        DivisionRegistry registry,
        string period,
        string kind,
        long revision,
        DateTimeOffset generatedAt,
        IReadOnlyDictionary<string, StreetAggregate> current,
        IReadOnlyDictionary<string, StreetAggregate> previous,
        CompiledCatalog catalog,
        PeriodClosing? closing = null,
        IReadOnlyList<CommunityFigures>? communities = null)
    {
        var ranks = Ranks(registry, current, catalog);
        var previousPeriod = Periods.Previous(period);
        // The month before as it was: its district pooled over the streets in force then, each street ranked among them.
        var then = registry.History?.In(previousPeriod) ?? registry;
        var previousRanks = Ranks(then, previous, catalog);
        var previousOf = PreviousStreets.Of(registry, period, previous);
        var streets = registry.Streets.Select(street =>
        {
            var aggregate = current.GetValueOrDefault(street.Code);
            var values = Values(catalog, aggregate);
            var before = previousOf.GetValueOrDefault(street.Code);
            var valuesBefore = Values(catalog, before);
            return new StreetSummary(street.Code, street.Name, Property(aggregate?.Property, values), Appeals(aggregate?.Appeals, values), RankOf(ranks, street.Code),
                Alerts(catalog, values),
                before is null || (before.Property is null && before.Appeals is null)
                    ? null
                    : new PreviousFigures(previousPeriod, Property(before.Property, valuesBefore), Appeals(before.Appeals, valuesBefore), RankOf(previousRanks, street.Code)));
        }).ToList();

        var pooled = LegacyMeasures.Values(catalog, Pool(registry, current, LegacyMeasures.Of) ?? new Dictionary<string, MeasureTotals>());
        var pooledBefore = LegacyMeasures.Values(catalog, Pool(then, previous, LegacyMeasures.Of) ?? new Dictionary<string, MeasureTotals>());
        var districtProperty = Property(Pool(registry, current, a => a.Property, (x, y) => x + y), pooled);
        var districtAppeals = Appeals(Pool(registry, current, a => a.Appeals, (x, y) => x + y), pooled);
        var previousProperty = Property(Pool(then, previous, a => a.Property, (x, y) => x + y), pooledBefore);
        var previousAppeals = Appeals(Pool(then, previous, a => a.Appeals, (x, y) => x + y), pooledBefore);
        var district = new DistrictSummary(registry.DistrictCode, registry.DistrictName, districtProperty, districtAppeals,
            Alerts(catalog, pooled),
            previousProperty is null && previousAppeals is null ? null : new PreviousFigures(previousPeriod, previousProperty, previousAppeals, null));

        return new SummaryDocument(SummaryDocument.SchemaName, kind, period, revision, Publication.Of(closing ?? PeriodClosing.None),
            Timestamps.Utc(generatedAt), district, streets, Groups(registry, current, communities ?? [], catalog));
    }

    /// <summary>
    /// Each group's figures from its member communities' stored figures, pooled in the group's member order (so sums
    /// are byte-identical); the source is that of the members' streets.
    /// </summary>
    private static IReadOnlyList<GroupSummary> Groups(
        DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> streets, IReadOnlyList<CommunityFigures> communities, CompiledCatalog catalog)
    {
        var byCode = communities.Where(c => c.Code is not null).GroupBy(c => c.Code!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. registry.Groups.Select(group =>
        {
            var members = group.Communities.Select(byCode.GetValueOrDefault).OfType<CommunityFigures>().ToList();
            var property = members.Select(m => m.Property).OfType<PropertyTally>().Aggregate((PropertyTally?)null, (sum, next) => sum is null ? next : sum + next);
            var tallies = members.Select(m => m.Appeals).OfType<AppealTally>().ToList();
            var sources = members.Select(m => streets.GetValueOrDefault(m.StreetCode)?.Appeals?.Source).OfType<AppealSource>().Distinct().ToList();
            var appeals = tallies.Count == 0 ? null
                : AppealAggregate.Pool(tallies, sources.Count == 1 ? sources[0] : AppealSource.Mixed, catalog);
            var values = LegacyMeasures.Values(catalog, RowMeasures.Pool(members.Select(m => LegacyMeasures.Of(m))) ?? new Dictionary<string, MeasureTotals>());
            return new GroupSummary(group.Code, group.Name, group.Communities.Count, members.Count, Property(property, values), Appeals(appeals, values));
        })];
    }

    /// <summary>The registry's streets ranked by their scores (<see cref="Ranking"/>).</summary>
    public static IReadOnlyDictionary<string, int> Ranks(DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> aggregates, CompiledCatalog catalog) =>
        Ranking.Of(registry.Streets.Select(s => (s.Code, Values(catalog, aggregates.GetValueOrDefault(s.Code)).GetValueOrDefault(Indicators.Score))));

    private static int? RankOf(IReadOnlyDictionary<string, int> ranks, string code) => ranks.TryGetValue(code, out var rank) ? rank : null;

    /// <summary>Measure totals by form pooled over the registry's streets in its order, as v3 pools them; null when none has any.</summary>
    private static IReadOnlyDictionary<string, MeasureTotals>? Pool(
        DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> aggregates, Func<StreetAggregate, IReadOnlyDictionary<string, MeasureTotals>> forms) =>
        RowMeasures.Pool(registry.Streets.Select(s => aggregates.GetValueOrDefault(s.Code) is { } a ? forms(a) : null));

    /// <summary>Pooled over the registry's streets in code order (a fixed order keeps sums byte-identical).</summary>
    private static T? Pool<T>(DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> aggregates, Func<StreetAggregate, T?> part, Func<T, T, T> add)
        where T : class =>
        registry.Streets
            .Select(s => aggregates.GetValueOrDefault(s.Code) is { } a ? part(a) : null)
            .OfType<T>()
            .Aggregate((T?)null, (sum, next) => sum is null ? next : add(sum, next));

    /// <summary>
    /// A street's indicators and score by the catalog, over all its forms' measures: the score may weigh the indicator
    /// of any form, so a street's score and rank are those v3 gives it.
    /// </summary>
    private static IReadOnlyDictionary<string, double?> Values(CompiledCatalog catalog, StreetAggregate? aggregate) =>
        aggregate is null ? new Dictionary<string, double?>() : LegacyMeasures.Values(catalog, LegacyMeasures.Of(aggregate));

    /// <summary>The alerts v2 can name: of its own indicators and the score (v3 has every indicator's).</summary>
    private static IReadOnlyList<Alert> Alerts(CompiledCatalog catalog, IReadOnlyDictionary<string, double?> values) =>
        [.. IndicatorAlerts.Of(catalog, values).Where(a => Indicators.All.Contains(a.Indicator))];

    public static PropertySummary? Property(PropertyTally? tally, CompiledCatalog catalog) => Property(tally, LegacyMeasures.Values(catalog, tally, null));

    private static PropertySummary? Property(PropertyTally? tally, IReadOnlyDictionary<string, double?> values) => tally is null ? null : new(
        tally.Compounds, tally.WithPropertyService, tally.WithOwnerOrganization, tally.WithPartyOrganization,
        values.GetValueOrDefault(Indicators.PropertyServiceRate), values.GetValueOrDefault(Indicators.OwnerOrganizationRate),
        values.GetValueOrDefault(Indicators.PartyOrganizationRate), tally.ByServiceMode, tally.ByCompoundType);

    public static AppealSummary? Appeals(AppealAggregate? aggregate, CompiledCatalog catalog) =>
        Appeals(aggregate, LegacyMeasures.Values(catalog, null, aggregate?.Tally));

    private static AppealSummary? Appeals(AppealAggregate? aggregate, IReadOnlyDictionary<string, double?> values)
    {
        if (aggregate is null)
        {
            return null;
        }

        var t = aggregate.Tally;
        return new AppealSummary(t.Received, t.ValidVisits, t.Contacted, t.Resolved, t.Satisfied, t.BasicSatisfied, t.Unsatisfied,
            values.GetValueOrDefault(Indicators.ResponseRate), values.GetValueOrDefault(Indicators.ResolutionRate),
            values.GetValueOrDefault(Indicators.SatisfactionRate), values.GetValueOrDefault(Indicators.Score),
            new CommunityAverage(aggregate.CommunitySums.ResponseRate, aggregate.CommunitySums.ResolutionRate, aggregate.CommunitySums.SatisfactionRate),
            aggregate.Source.ToString().ToLowerInvariant());
    }
}
