using Pipeline.Core.Model;

namespace Pipeline.Core.Figures;

/// <summary>One community's counts, for the report's drill-down from street to community.</summary>
public sealed record CommunityFigures(string StreetCode, string Key, string? Code, string Name, PropertyTally? Property, AppealTally? Appeals);
