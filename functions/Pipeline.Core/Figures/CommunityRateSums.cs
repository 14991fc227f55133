using System.Text.Json.Serialization;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>
/// Sums of community-level rates over the communities with valid visits. They add up from streets to the district,
/// so the district's community average ("平均") comes from the 22 street rows, not from every community again.
/// </summary>
public sealed record CommunityRateSums(long Communities, double Response, double Resolution, double Satisfaction)
{
    public static readonly CommunityRateSums Zero = new(0, 0, 0, 0);

    public static CommunityRateSums operator +(CommunityRateSums a, CommunityRateSums b) =>
        new(a.Communities + b.Communities, a.Response + b.Response, a.Resolution + b.Resolution, a.Satisfaction + b.Satisfaction);

    [JsonIgnore]
    public double? ResponseRate => Rate.Of(Response, Communities);

    [JsonIgnore]
    public double? ResolutionRate => Rate.Of(Resolution, Communities);

    [JsonIgnore]
    public double? SatisfactionRate => Rate.Of(Satisfaction, Communities);
}
