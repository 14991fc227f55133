using Azure;

namespace Pipeline.Adapters.Figures;

/// <summary>A period's figures state: <see cref="Revision"/> moves on whenever the street aggregates (their digest) change.</summary>
public sealed record DistrictState(string Period, long Revision, string Digest, ETag ETag);
