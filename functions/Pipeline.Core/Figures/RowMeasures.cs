using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>
/// The measures of catalog forms' rows, per community, by the form they are measured as. Where two forms feed the same
/// measures in one street, one statement wins rather than both adding up: the form that merges by key (as tickets
/// win over the counts sheet), else the first by code. Every row has a community: the catalog check requires one of a form with measures.
/// </summary>
public static class RowMeasures
{
    public static IReadOnlyDictionary<string, (CommunityRef Community, IReadOnlyDictionary<string, MeasureTotals> Forms)> ByCommunity(
        IReadOnlyCollection<FormRow> rows, CompiledCatalog catalog)
    {
        var stating = rows.Where(r => r.Community is not null && catalog.Has(r.Form))
            .GroupBy(r => catalog.Form(r.Form).MeasuredAs.Code, StringComparer.Ordinal)
            .Select(measuredAs => measuredAs.GroupBy(r => r.Form, StringComparer.Ordinal)
                .OrderByDescending(form => catalog.MergesByKey(form.Key)).ThenBy(form => form.Key, StringComparer.Ordinal).First())
            .ToList();
        var communities = new SortedDictionary<string, (CommunityRef Community, SortedDictionary<string, MeasureTotals> Forms)>(StringComparer.Ordinal);
        foreach (var form in stating)
        {
            var compiled = catalog.Form(form.Key);
            foreach (var community in form.GroupBy(r => r.Community!.Key, StringComparer.Ordinal))
            {
                if (!communities.TryGetValue(community.Key, out var entry))
                {
                    communities[community.Key] = entry = (community.First().Community!, new SortedDictionary<string, MeasureTotals>(StringComparer.Ordinal));
                }

                entry.Forms[compiled.MeasuredAs.Code] = compiled.Measure(community.Select(r => (Func<string, object?>)r.Value));
            }
        }

        return communities.ToDictionary(c => c.Key, c => (c.Value.Community, (IReadOnlyDictionary<string, MeasureTotals>)c.Value.Forms), StringComparer.Ordinal);
    }

    /// <summary>The communities' totals added up per form, in the order given; null when none has any.</summary>
    public static IReadOnlyDictionary<string, MeasureTotals>? Pool(IEnumerable<IReadOnlyDictionary<string, MeasureTotals>?> communities)
    {
        SortedDictionary<string, MeasureTotals>? pooled = null;
        foreach (var forms in communities.OfType<IReadOnlyDictionary<string, MeasureTotals>>())
        {
            pooled ??= new SortedDictionary<string, MeasureTotals>(StringComparer.Ordinal);
            foreach (var (form, totals) in forms)
            {
                pooled[form] = pooled.TryGetValue(form, out var sum) ? sum + totals : totals;
            }
        }

        return pooled;
    }
}
