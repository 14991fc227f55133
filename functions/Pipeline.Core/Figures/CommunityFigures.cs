using System.Text.Json.Serialization;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>
/// One community's counts, for the report's drill-down from street to community: the built-in forms' tallies, and
/// <see cref="Measures"/>, the measure totals of every other catalog form by the form they are measured as.
/// </summary>
public sealed record CommunityFigures(string StreetCode, string Key, string? Code, string Name, PropertyTally? Property, AppealTally? Appeals)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MeasureTotals>? Measures { get; init; }
}
