using System.Text.Json.Serialization;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>
/// What is stored per (period, street) after a recompute: the pooled counts of its roster and appeals, and the measure
/// totals of every other catalog form by the form they are measured as. Everything else (rates, district, ranking,
/// alerts) derives from these.
/// </summary>
public sealed record StreetAggregate(string StreetCode, PropertyTally? Property, AppealAggregate? Appeals)
{
    /// <summary>Absent, not empty, for a street with no rows of other forms, so figures stored before them read the same.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MeasureTotals>? Measures { get; init; }

    /// <summary>
    /// A street's figures from its current rows: the roster gives the property counts; tickets, when the street has
    /// any for the period, else the counts sheet, give the appeal counts; the rows of other forms give their measures
    /// (<see cref="RowMeasures"/>). Communities are pooled in key order.
    /// </summary>
    public static (StreetAggregate Street, IReadOnlyList<CommunityFigures> Communities) Compute(
        string streetCode,
        IReadOnlyCollection<CompoundRecord> compounds,
        IReadOnlyCollection<AppealCountRecord> counts,
        IReadOnlyCollection<TicketRecord> tickets,
        CompiledCatalog catalog,
        IReadOnlyCollection<FormRow>? rows = null)
    {
        var measured = RowMeasures.ByCommunity(rows ?? [], catalog);
        var source = tickets.Count > 0 ? AppealSource.Tickets : AppealSource.Counts;
        var appealTallies = source == AppealSource.Tickets
            ? tickets.GroupBy(t => t.Community.Key).ToDictionary(g => g.Key, g => (g.First().Community, Tally: AppealAggregate.TallyTickets(g)))
            : counts.GroupBy(c => c.Community.Key).ToDictionary(g => g.Key, g => (g.First().Community, Tally: g.Aggregate(AppealTally.Zero, (t, c) => t + c.Tally)));
        var propertyTallies = compounds.GroupBy(c => c.Community.Key)
            .ToDictionary(g => g.Key, g => (g.First().Community, Tally: PropertyTally.From(g)));

        var keys = appealTallies.Keys.Union(propertyTallies.Keys).Union(measured.Keys).Order(StringComparer.Ordinal).ToList();
        var communities = keys.Select(key =>
        {
            var community = propertyTallies.TryGetValue(key, out var p) ? p.Community
                : appealTallies.TryGetValue(key, out var a) ? a.Community
                : measured[key].Community;
            return new CommunityFigures(streetCode, key, community.Code, community.Name,
                propertyTallies.TryGetValue(key, out var property) ? property.Tally : null,
                appealTallies.TryGetValue(key, out var appeal) ? appeal.Tally : null)
            {
                Measures = measured.TryGetValue(key, out var m) ? m.Forms : null,
            };
        }).ToList();

        var street = new StreetAggregate(
            streetCode,
            compounds.Count == 0 ? null : communities.Where(c => c.Property is not null).Aggregate(PropertyTally.Zero, (t, c) => t + c.Property!),
            appealTallies.Count == 0 ? null : AppealAggregate.Pool(communities.Where(c => c.Appeals is not null).Select(c => c.Appeals!), source, catalog))
        {
            Measures = measured.Count == 0 ? null : RowMeasures.Pool(communities.Select(c => c.Measures)),
        };
        return (street, communities);
    }
}
