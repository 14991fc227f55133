using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>
/// What is stored per (period, street) after a recompute: the pooled counts of its roster and appeals. Everything else
/// (rates, district, ranking, alerts) derives from these.
/// </summary>
public sealed record StreetAggregate(string StreetCode, PropertyTally? Property, AppealAggregate? Appeals)
{
    /// <summary>
    /// A street's figures from its current rows: the roster gives the property counts; tickets, when the street has
    /// any for the period, else the counts sheet, give the appeal counts. Communities are pooled in key order.
    /// </summary>
    public static (StreetAggregate Street, IReadOnlyList<CommunityFigures> Communities) Compute(
        string streetCode,
        IReadOnlyCollection<CompoundRecord> compounds,
        IReadOnlyCollection<AppealCountRecord> counts,
        IReadOnlyCollection<TicketRecord> tickets,
        FigureSettings settings)
    {
        var source = tickets.Count > 0 ? AppealSource.Tickets : AppealSource.Counts;
        var appealTallies = source == AppealSource.Tickets
            ? tickets.GroupBy(t => t.Community.Key).ToDictionary(g => g.Key, g => (g.First().Community, Tally: AppealAggregate.TallyTickets(g)))
            : counts.GroupBy(c => c.Community.Key).ToDictionary(g => g.Key, g => (g.First().Community, Tally: g.Aggregate(AppealTally.Zero, (t, c) => t + c.Tally)));
        var propertyTallies = compounds.GroupBy(c => c.Community.Key)
            .ToDictionary(g => g.Key, g => (g.First().Community, Tally: PropertyTally.From(g)));

        var keys = appealTallies.Keys.Union(propertyTallies.Keys).Order(StringComparer.Ordinal).ToList();
        var communities = keys.Select(key =>
        {
            var community = propertyTallies.TryGetValue(key, out var p) ? p.Community : appealTallies[key].Community;
            return new CommunityFigures(streetCode, key, community.Code, community.Name,
                propertyTallies.TryGetValue(key, out var property) ? property.Tally : null,
                appealTallies.TryGetValue(key, out var appeal) ? appeal.Tally : null);
        }).ToList();

        var street = new StreetAggregate(
            streetCode,
            compounds.Count == 0 ? null : communities.Where(c => c.Property is not null).Aggregate(PropertyTally.Zero, (t, c) => t + c.Property!),
            appealTallies.Count == 0 ? null : AppealAggregate.Pool(communities.Where(c => c.Appeals is not null).Select(c => c.Appeals!), source, settings));
        return (street, communities);
    }
}
