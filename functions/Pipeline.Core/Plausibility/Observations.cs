using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Plausibility;

/// <summary>
/// What a clean roster or counts file says, reduced to what the plausibility checks compare: per street its compounds,
/// communities and first row; every counts row. Small (rows of a roster are counted, not kept).
/// </summary>
public sealed class Observations(FormHeader header)
{
    private readonly Dictionary<(string Period, string Street), StreetObservation> _streets = [];
    private readonly List<AppealCountRecord> _counts = [];

    public FormHeader Header { get; } = header;

    public IReadOnlyCollection<StreetObservation> Streets => _streets.Values;

    public IReadOnlyList<AppealCountRecord> Counts => _counts;

    public void Add(IngestRecord record)
    {
        switch (record)
        {
            case CompoundRecord compound:
                var key = (compound.Period, compound.StreetCode);
                if (!_streets.TryGetValue(key, out var street))
                {
                    _streets[key] = street = new StreetObservation(compound.Period, compound.StreetCode, compound.SourceRow, compound.Explanation);
                }

                street.Compounds++;
                street.Communities.Add(compound.Community.Key);
                break;
            case AppealCountRecord counts:
                _counts.Add(counts);
                break;
        }
    }
}

/// <summary>One street of a roster: how many compounds, in which communities, and its first row (where its warnings go).</summary>
public sealed class StreetObservation(string period, string streetCode, int firstRow, string? explanation)
{
    public string Period { get; } = period;

    public string StreetCode { get; } = streetCode;

    public int FirstRow { get; } = firstRow;

    public string? Explanation { get; } = explanation;

    public long Compounds { get; set; }

    public HashSet<string> Communities { get; } = new(StringComparer.Ordinal);
}
