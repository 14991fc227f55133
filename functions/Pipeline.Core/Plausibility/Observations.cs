using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Plausibility;

/// <summary>
/// What a clean file of a form with plausibility rules says, reduced to what the rules compare: per street and per
/// community, the first row (where a warning goes), its 说明, and the form's measures summed. Small: rows are summed
/// as they are read, never kept, so its size is the file's streets and communities, which the row limit bounds.
/// </summary>
public sealed class Observations(FormHeader header)
{
    private readonly Dictionary<(string Period, string Street), StreetObservation> _streets = [];

    public FormHeader Header { get; } = header;

    public IReadOnlyCollection<StreetObservation> Streets => _streets.Values;

    public void Add(FormRow row)
    {
        var key = (row.Period, row.StreetCode);
        if (!_streets.TryGetValue(key, out var street))
        {
            _streets[key] = street = new StreetObservation(row.Period, row.StreetCode, row.SourceRow, row.Explanation, Header.Form.Measures.Count);
        }

        var community = row.Community is null ? null : street.CommunityOf(row.Community, row.SourceRow, row.Explanation);
        var measures = Header.Form.Measures;
        for (var i = 0; i < measures.Count; i++)
        {
            if (measures[i].By is null)
            {
                var contribution = measures[i].Contribution(row.Value);
                street.Sums[i] += contribution;
                if (community is not null)
                {
                    community.Sums[i] += contribution;
                }
            }
        }
    }

    /// <summary>Sums by measure code, as the form's measures give them.</summary>
    public MeasureTotals Totals(double[] sums) => new(
        Header.Form.Measures.Select((m, i) => (m, i)).Where(x => x.m.By is null).ToDictionary(x => x.m.Definition.Code, x => sums[x.i], StringComparer.Ordinal),
        MeasureTotals.Zero.Breakdowns);
}

/// <summary>One street of a file: its first row, that row's 说明, its measures' sums and its communities by key.</summary>
public sealed class StreetObservation(string period, string streetCode, int firstRow, string? explanation, int measures)
{
    private readonly Dictionary<string, CommunityObservation> _communities = new(StringComparer.Ordinal);

    public string Period { get; } = period;

    public string StreetCode { get; } = streetCode;

    public int FirstRow { get; } = firstRow;

    public string? Explanation { get; } = explanation;

    public double[] Sums { get; } = new double[measures];

    public IReadOnlyDictionary<string, CommunityObservation> Communities => _communities;

    internal CommunityObservation CommunityOf(CommunityRef community, int row, string? explanation)
    {
        if (!_communities.TryGetValue(community.Key, out var observed))
        {
            _communities[community.Key] = observed = new CommunityObservation(community, row, explanation, Sums.Length);
        }

        return observed;
    }
}

/// <summary>One community of a file: its first row, that row's 说明, and its measures' sums.</summary>
public sealed class CommunityObservation(CommunityRef community, int firstRow, string? explanation, int measures)
{
    public CommunityRef Community { get; } = community;

    public int FirstRow { get; } = firstRow;

    public string? Explanation { get; } = explanation;

    public double[] Sums { get; } = new double[measures];
}
