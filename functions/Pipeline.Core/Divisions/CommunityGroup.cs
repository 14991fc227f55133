namespace Pipeline.Core.Divisions;

/// <summary>
/// A named group of communities the district reports on as it does on a street, e.g. the pilot communities of a
/// programme (拉家常议事会); members by their 12-digit community code, in any streets, and in more than one group.
/// </summary>
public sealed record CommunityGroup(string Code, string Name, IReadOnlyList<string> Communities);
