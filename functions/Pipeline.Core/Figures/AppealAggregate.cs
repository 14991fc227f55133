using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>Appeal-handling counts of a street or the district, the sums behind its community average, and their source.</summary>
public sealed record AppealAggregate(AppealTally Tally, CommunityRateSums CommunitySums, AppealSource Source)
{
    public static AppealAggregate operator +(AppealAggregate a, AppealAggregate b) =>
        new(a.Tally + b.Tally, a.CommunitySums + b.CommunitySums, a.Source == b.Source ? a.Source : AppealSource.Mixed);

    /// <summary>
    /// Pools community tallies (in the order given, which callers keep stable) into a street's aggregate; a community
    /// with valid visits adds its own rates, by the catalog's formulas, to the sums behind the community average.
    /// </summary>
    public static AppealAggregate Pool(IEnumerable<AppealTally> communities, AppealSource source, CompiledCatalog catalog) =>
        communities.Aggregate(new AppealAggregate(AppealTally.Zero, CommunityRateSums.Zero, source), (street, community) => new(
            street.Tally + community,
            community.ValidVisits == 0 || CommunityRates(catalog, community) is not { } rates ? street.CommunitySums : street.CommunitySums + rates,
            source));

    private static CommunityRateSums? CommunityRates(CompiledCatalog catalog, AppealTally community)
    {
        var values = LegacyMeasures.Values(catalog, null, community);
        return values.GetValueOrDefault(Indicators.ResponseRate) is { } response && values.GetValueOrDefault(Indicators.ResolutionRate) is { } resolution
            && values.GetValueOrDefault(Indicators.SatisfactionRate) is { } satisfaction
            ? new CommunityRateSums(1, response, resolution, satisfaction)
            : null;
    }
}
