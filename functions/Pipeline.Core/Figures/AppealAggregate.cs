using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>Appeal-handling counts of a street or the district, the sums behind its community average, and their source.</summary>
public sealed record AppealAggregate(AppealTally Tally, CommunityRateSums CommunitySums, AppealSource Source)
{
    public static AppealAggregate operator +(AppealAggregate a, AppealAggregate b) =>
        new(a.Tally + b.Tally, a.CommunitySums + b.CommunitySums, a.Source == b.Source ? a.Source : AppealSource.Mixed);

    /// <summary>The counts of one community's tickets: every ticket is received; the rest count valid tickets only.</summary>
    public static AppealTally TallyTickets(IEnumerable<TicketRecord> tickets) =>
        tickets.Aggregate(AppealTally.Zero, (tally, t) => tally + new AppealTally(
            1,
            t.ValidVisit ? 1 : 0,
            t.ValidVisit && t.Contacted ? 1 : 0,
            t.ValidVisit && t.Resolved ? 1 : 0,
            t.ValidVisit && t.Satisfaction == Satisfaction.Satisfied ? 1 : 0,
            t.ValidVisit && t.Satisfaction == Satisfaction.BasicallySatisfied ? 1 : 0,
            t.ValidVisit && t.Satisfaction == Satisfaction.Unsatisfied ? 1 : 0));

    /// <summary>Pools community tallies (in the order given, which callers keep stable) into a street's aggregate.</summary>
    public static AppealAggregate Pool(IEnumerable<AppealTally> communities, AppealSource source, FigureSettings settings) =>
        communities.Aggregate(new AppealAggregate(AppealTally.Zero, CommunityRateSums.Zero, source), (street, community) => new(
            street.Tally + community,
            community.ValidVisits == 0
                ? street.CommunitySums
                : street.CommunitySums + new CommunityRateSums(1, ResponseRate(community)!.Value, ResolutionRate(community)!.Value,
                    SatisfactionRate(community, settings)!.Value),
            source));

    public static double? ResponseRate(AppealTally tally) => Rate.Of(tally.Contacted, tally.ValidVisits);

    public static double? ResolutionRate(AppealTally tally) => Rate.Of(tally.Resolved, tally.ValidVisits);

    public static double? SatisfactionRate(AppealTally tally, FigureSettings settings) =>
        Rate.Of(tally.Satisfied + (settings.BasicSatisfiedWeight * tally.BasicSatisfied), tally.ValidVisits);

    /// <summary>100 × the weighted rates; null when any rate is (no valid visits).</summary>
    public static double? Score(AppealTally tally, FigureSettings settings) =>
        ResponseRate(tally) is { } response && ResolutionRate(tally) is { } resolution && SatisfactionRate(tally, settings) is { } satisfaction
            ? 100 * ((settings.ResponseWeight * response) + (settings.ResolutionWeight * resolution) + (settings.SatisfactionWeight * satisfaction))
            : null;
}
