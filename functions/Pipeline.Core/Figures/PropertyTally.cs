using System.Text.Json.Serialization;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>The roster's counts, which pool by addition from communities to streets to the district.</summary>
public sealed record PropertyTally(
    long Compounds,
    long WithPropertyService,
    long WithOwnerOrganization,
    long WithPartyOrganization,
    IReadOnlyDictionary<string, long> ByServiceMode,
    IReadOnlyDictionary<string, long> ByCompoundType)
{
    public static readonly PropertyTally Zero = new(0, 0, 0, 0, new SortedDictionary<string, long>(StringComparer.Ordinal), new SortedDictionary<string, long>(StringComparer.Ordinal));

    [JsonIgnore]
    public double? PropertyServiceRate => Rate.Of(WithPropertyService, Compounds);

    [JsonIgnore]
    public double? OwnerOrganizationRate => Rate.Of(WithOwnerOrganization, Compounds);

    [JsonIgnore]
    public double? PartyOrganizationRate => Rate.Of(WithPartyOrganization, Compounds);

    public static PropertyTally operator +(PropertyTally a, PropertyTally b) => new(
        a.Compounds + b.Compounds,
        a.WithPropertyService + b.WithPropertyService,
        a.WithOwnerOrganization + b.WithOwnerOrganization,
        a.WithPartyOrganization + b.WithPartyOrganization,
        Merge(a.ByServiceMode, b.ByServiceMode),
        Merge(a.ByCompoundType, b.ByCompoundType));

    public bool Equals(PropertyTally? other) =>
        other is not null && (Compounds, WithPropertyService, WithOwnerOrganization, WithPartyOrganization) ==
        (other.Compounds, other.WithPropertyService, other.WithOwnerOrganization, other.WithPartyOrganization)
        && ByServiceMode.SequenceEqual(other.ByServiceMode) && ByCompoundType.SequenceEqual(other.ByCompoundType);

    public override int GetHashCode() => HashCode.Combine(Compounds, WithPropertyService, WithOwnerOrganization, WithPartyOrganization);

    /// <summary>Counts per value, in ordinal order so serialised figures are byte-identical.</summary>
    private static SortedDictionary<string, long> Merge(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b)
    {
        var merged = new SortedDictionary<string, long>(a.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, count) in b)
        {
            merged[key] = merged.GetValueOrDefault(key) + count;
        }

        return merged;
    }
}
