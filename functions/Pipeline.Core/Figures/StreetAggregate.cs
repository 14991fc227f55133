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
    /// A street's figures from its current rows, every form's measured by the catalog (<see cref="RowMeasures"/>): the
    /// roster's measures are the property counts, the appeal measures (from tickets, when the street has any for the
    /// period, else from the counts sheet) the appeal counts, and every other form's measures are kept as they are.
    /// Communities are pooled in key order; a community is named as the first form with rows in it names it, the
    /// catalog's order putting the roster first.
    /// </summary>
    public static (StreetAggregate Street, IReadOnlyList<CommunityFigures> Communities) Compute(
        string streetCode, IReadOnlyCollection<FormRow> rows, CompiledCatalog catalog)
    {
        var measured = RowMeasures.ByCommunity(rows, catalog);
        var tickets = rows.Any(r => catalog.Has(r.Form) && catalog.MergesByKey(r.Form) && catalog.Form(r.Form).MeasuredAs.Code == LegacyMeasures.AppealsForm);
        var communities = measured.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m =>
        {
            var others = m.Value.Forms.Where(f => !LegacyMeasures.Tallied(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            return new CommunityFigures(streetCode, m.Key, m.Value.Community.Code, m.Value.Community.Name,
                LegacyMeasures.Property(m.Value.Forms), LegacyMeasures.Appeals(m.Value.Forms))
            {
                Measures = others.Count == 0 ? null : new SortedDictionary<string, MeasureTotals>(others, StringComparer.Ordinal),
            };
        }).ToList();

        var property = communities.Where(c => c.Property is not null).ToList();
        var appeals = communities.Where(c => c.Appeals is not null).ToList();
        var street = new StreetAggregate(
            streetCode,
            property.Count == 0 ? null : property.Aggregate(PropertyTally.Zero, (t, c) => t + c.Property!),
            appeals.Count == 0 ? null : AppealAggregate.Pool(appeals.Select(c => c.Appeals!), tickets ? AppealSource.Tickets : AppealSource.Counts, catalog))
        {
            Measures = RowMeasures.Pool(communities.Select(c => c.Measures)),
        };
        return (street, communities);
    }
}
