using System.Globalization;
using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
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
        FigureSettings settings,
        PeriodClosing? closing = null,
        IReadOnlyList<CommunityFigures>? communities = null)
    {
        var ranks = Ranks(registry, current, settings);
        var previousRanks = Ranks(registry, previous, settings);
        var previousPeriod = Periods.Previous(period);
        var streets = registry.Streets.Select(street =>
        {
            var aggregate = current.GetValueOrDefault(street.Code);
            var property = Property(aggregate?.Property);
            var appeals = Appeals(aggregate?.Appeals, settings);
            var before = previous.GetValueOrDefault(street.Code);
            return new StreetSummary(street.Code, street.Name, property, appeals, RankOf(ranks, street.Code), Alerts(property, appeals, settings),
                before is null || (before.Property is null && before.Appeals is null)
                    ? null
                    : new PreviousFigures(previousPeriod, Property(before.Property), Appeals(before.Appeals, settings), RankOf(previousRanks, street.Code)));
        }).ToList();

        var districtProperty = Property(Pool(registry, current, a => a.Property, (x, y) => x + y));
        var districtAppeals = Appeals(Pool(registry, current, a => a.Appeals, (x, y) => x + y), settings);
        var previousProperty = Property(Pool(registry, previous, a => a.Property, (x, y) => x + y));
        var previousAppeals = Appeals(Pool(registry, previous, a => a.Appeals, (x, y) => x + y), settings);
        var district = new DistrictSummary(registry.DistrictCode, registry.DistrictName, districtProperty, districtAppeals,
            Alerts(districtProperty, districtAppeals, settings),
            previousProperty is null && previousAppeals is null ? null : new PreviousFigures(previousPeriod, previousProperty, previousAppeals, null));

        return new SummaryDocument(SummaryDocument.SchemaName, kind, period, revision, Publication.Of(closing ?? PeriodClosing.None),
            Timestamps.Utc(generatedAt), district, streets, Groups(registry, current, communities ?? [], settings));
    }

    /// <summary>
    /// Each group's figures from its member communities' stored figures, pooled in the group's member order (so sums
    /// are byte-identical); the source is that of the members' streets.
    /// </summary>
    private static IReadOnlyList<GroupSummary> Groups(
        DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> streets, IReadOnlyList<CommunityFigures> communities, FigureSettings settings)
    {
        var byCode = communities.Where(c => c.Code is not null).GroupBy(c => c.Code!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. registry.Groups.Select(group =>
        {
            var members = group.Communities.Select(byCode.GetValueOrDefault).OfType<CommunityFigures>().ToList();
            var property = members.Select(m => m.Property).OfType<PropertyTally>().Aggregate((PropertyTally?)null, (sum, next) => sum is null ? next : sum + next);
            var tallies = members.Select(m => m.Appeals).OfType<AppealTally>().ToList();
            var sources = members.Select(m => streets.GetValueOrDefault(m.StreetCode)?.Appeals?.Source).OfType<AppealSource>().Distinct().ToList();
            var appeals = tallies.Count == 0 ? null
                : AppealAggregate.Pool(tallies, sources.Count == 1 ? sources[0] : AppealSource.Mixed, settings);
            return new GroupSummary(group.Code, group.Name, group.Communities.Count, members.Count, Property(property), Appeals(appeals, settings));
        })];
    }

    /// <summary>Streets with a score, by score descending, ties by code ascending; 1-based.</summary>
    public static IReadOnlyDictionary<string, int> Ranks(DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> aggregates, FigureSettings settings) =>
        registry.Streets
            .Select(s => (s.Code, Score: aggregates.GetValueOrDefault(s.Code)?.Appeals is { } a ? AppealAggregate.Score(a.Tally, settings) : null))
            .Where(s => s.Score is not null)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select((s, i) => (s.Code, Rank: i + 1))
            .ToDictionary(s => s.Code, s => s.Rank);

    private static int? RankOf(IReadOnlyDictionary<string, int> ranks, string code) => ranks.TryGetValue(code, out var rank) ? rank : null;

    /// <summary>Pooled over the registry's streets in code order (a fixed order keeps sums byte-identical).</summary>
    private static T? Pool<T>(DivisionRegistry registry, IReadOnlyDictionary<string, StreetAggregate> aggregates, Func<StreetAggregate, T?> part, Func<T, T, T> add)
        where T : class =>
        registry.Streets
            .Select(s => aggregates.GetValueOrDefault(s.Code) is { } a ? part(a) : null)
            .OfType<T>()
            .Aggregate((T?)null, (sum, next) => sum is null ? next : add(sum, next));

    public static PropertySummary? Property(PropertyTally? tally) => tally is null ? null : new(
        tally.Compounds, tally.WithPropertyService, tally.WithOwnerOrganization, tally.WithPartyOrganization,
        tally.PropertyServiceRate, tally.OwnerOrganizationRate, tally.PartyOrganizationRate, tally.ByServiceMode, tally.ByCompoundType);

    public static AppealSummary? Appeals(AppealAggregate? aggregate, FigureSettings settings)
    {
        if (aggregate is null)
        {
            return null;
        }

        var t = aggregate.Tally;
        return new AppealSummary(t.Received, t.ValidVisits, t.Contacted, t.Resolved, t.Satisfied, t.BasicSatisfied, t.Unsatisfied,
            AppealAggregate.ResponseRate(t), AppealAggregate.ResolutionRate(t), AppealAggregate.SatisfactionRate(t, settings),
            AppealAggregate.Score(t, settings),
            new CommunityAverage(aggregate.CommunitySums.ResponseRate, aggregate.CommunitySums.ResolutionRate, aggregate.CommunitySums.SatisfactionRate),
            aggregate.Source.ToString().ToLowerInvariant());
    }

    private static IReadOnlyList<Alert> Alerts(PropertySummary? property, AppealSummary? appeals, FigureSettings settings) =>
        [.. Indicators.All
            .Where(settings.Targets.ContainsKey)
            .Select(indicator => (indicator, value: Value(indicator, property, appeals), target: settings.Targets[indicator]))
            .Where(a => a.value is { } v && v < a.target)
            .Select(a => new Alert(a.indicator, a.value!.Value, a.target))];

    /// <summary>The value of <paramref name="indicator"/> (a key of <see cref="Indicators.All"/>) in a summary's figures.</summary>
    public static double? Value(string indicator, PropertySummary? property, AppealSummary? appeals) => indicator switch
    {
        Indicators.PropertyServiceRate => property?.PropertyServiceRate,
        Indicators.OwnerOrganizationRate => property?.OwnerOrganizationRate,
        Indicators.PartyOrganizationRate => property?.PartyOrganizationRate,
        Indicators.ResponseRate => appeals?.ResponseRate,
        Indicators.ResolutionRate => appeals?.ResolutionRate,
        Indicators.SatisfactionRate => appeals?.SatisfactionRate,
        Indicators.Score => appeals?.Score,
        _ => null,
    };
}
