using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Figures;

/// <summary>
/// Last month's figures of this month's streets, which the summary shows beside them and the plausibility checks
/// compare with: a street in force then too, its own; one that began this month, the figures of the streets it came
/// from pooled (merged into it, or the same street under a new code), each of them having become it alone; none when
/// one split (a break, not a fall to zero) or has no figures.
/// </summary>
public static class PreviousStreets
{
    public static IReadOnlyDictionary<string, StreetAggregate> Of(DivisionRegistry registry, string period, IReadOnlyDictionary<string, StreetAggregate> previous)
    {
        if (registry.History is not { } history)
        {
            return previous;
        }

        var restated = new Dictionary<string, StreetAggregate>(previous, StringComparer.Ordinal);
        foreach (var street in history.Streets.Where(u => u.From == period && registry.FindByCode(u.Code) is not null))
        {
            if (PooledFrom(history, street, previous) is { Count: > 0 } before)
            {
                var pooled = before.Select(code => previous[code]).ToList();
                restated[street.Code] = new StreetAggregate(street.Code,
                    pooled.Select(a => a.Property).OfType<PropertyTally>().Aggregate((PropertyTally?)null, (sum, next) => sum is null ? next : sum + next),
                    pooled.Select(a => a.Appeals).OfType<AppealAggregate>().Aggregate((AppealAggregate?)null, (sum, next) => sum is null ? next : sum + next))
                {
                    Measures = RowMeasures.Pool(pooled.Select(a => a.Measures)),
                };
            }
        }

        return restated;
    }

    /// <summary>
    /// The codes, in code order, of the streets whose figures last month stand for <paramref name="street"/>, which
    /// began this month; none when one of them split, has no figures, or it is the same code renamed (its own figures).
    /// </summary>
    public static IReadOnlyList<string> PooledFrom(DivisionHistory history, DivisionUnit street, IReadOnlyDictionary<string, StreetAggregate> previous)
    {
        var before = history.PredecessorsOf(street);
        return before.Count > 0 && before.All(b => b.Successors.Count <= 1 && b.Code != street.Code && previous.ContainsKey(b.Code))
            ? [.. before.Select(b => b.Code).Distinct().Order(StringComparer.Ordinal)]
            : [];
    }
}
