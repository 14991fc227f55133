namespace Pipeline.Core.Divisions;

/// <summary>A registry version as the district office published it: the divisions over time, the upload it came from, when, and its content's hash.</summary>
public sealed record PublishedDivisions(DivisionHistory History, string File, DateTimeOffset UploadedAt, string Hash);
