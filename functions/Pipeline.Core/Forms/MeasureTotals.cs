namespace Pipeline.Core.Forms;

/// <summary>
/// A scope's measures (a community, a street, a group, the district): plain sums, and for a breakdown measure the
/// count per value. Totals pool by addition, so a street's are the sum of its communities'.
/// </summary>
public sealed record MeasureTotals(IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Breakdowns)
{
    public static MeasureTotals Zero { get; } = new(new Dictionary<string, double>(), new Dictionary<string, IReadOnlyDictionary<string, double>>());

    public double this[string code] => Values.GetValueOrDefault(code);

    public static MeasureTotals operator +(MeasureTotals a, MeasureTotals b)
    {
        var values = new SortedDictionary<string, double>(a.Values.ToDictionary(), StringComparer.Ordinal);
        foreach (var (code, value) in b.Values)
        {
            values[code] = values.GetValueOrDefault(code) + value;
        }

        var breakdowns = new SortedDictionary<string, IReadOnlyDictionary<string, double>>(a.Breakdowns.ToDictionary(), StringComparer.Ordinal);
        foreach (var (code, counts) in b.Breakdowns)
        {
            var merged = new SortedDictionary<string, double>(breakdowns.GetValueOrDefault(code)?.ToDictionary() ?? [], StringComparer.Ordinal);
            foreach (var (value, count) in counts)
            {
                merged[value] = merged.GetValueOrDefault(value) + count;
            }

            breakdowns[code] = merged;
        }

        return new MeasureTotals(values, breakdowns);
    }
}
