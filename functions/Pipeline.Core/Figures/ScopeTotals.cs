using Pipeline.Core.Forms;

namespace Pipeline.Core.Figures;

/// <summary>
/// What a scope's figures are made of: per form, its measure totals, and the sums behind each indicator's community
/// average (how many communities had a value, and their sum). Both add up from communities to streets to the district
/// in a fixed order, so pooled figures are byte-identical whoever computes them.
/// </summary>
public sealed record ScopeTotals(IReadOnlyDictionary<string, MeasureTotals> Forms, IReadOnlyDictionary<string, (long Count, double Sum)> CommunitySums)
{
    public static ScopeTotals Empty { get; } = new(new Dictionary<string, MeasureTotals>(), new Dictionary<string, (long, double)>());

    public bool IsEmpty => Forms.Count == 0;

    /// <summary>One community's totals, with its own indicator values as the start of every community average.</summary>
    public static ScopeTotals Community(IReadOnlyDictionary<string, MeasureTotals> forms, CompiledCatalog catalog)
    {
        var sums = new SortedDictionary<string, (long, double)>(StringComparer.Ordinal);
        foreach (var indicator in catalog.Indicators.Where(i => i.Definition.CommunityAverage))
        {
            if (forms.TryGetValue(indicator.Definition.Form, out var totals) && indicator.Value(totals) is { } value)
            {
                sums[indicator.Definition.Code] = (1, value);
            }
        }

        return new ScopeTotals(forms, sums);
    }

    public static ScopeTotals operator +(ScopeTotals a, ScopeTotals b)
    {
        var forms = new SortedDictionary<string, MeasureTotals>(a.Forms.ToDictionary(), StringComparer.Ordinal);
        foreach (var (form, totals) in b.Forms)
        {
            forms[form] = forms.TryGetValue(form, out var sum) ? sum + totals : totals;
        }

        var sums = new SortedDictionary<string, (long Count, double Sum)>(a.CommunitySums.ToDictionary(), StringComparer.Ordinal);
        foreach (var (code, (count, sum)) in b.CommunitySums)
        {
            sums[code] = sums.TryGetValue(code, out var before) ? (before.Count + count, before.Sum + sum) : (count, sum);
        }

        return new ScopeTotals(forms, sums);
    }
}
