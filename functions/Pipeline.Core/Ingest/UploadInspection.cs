using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>The verdict on an upload after a full read: what it is, what it touches, and every finding.</summary>
public sealed record UploadInspection(SheetKind? Kind, string? Sheet, int Rows, IReadOnlyList<Finding> Findings, IReadOnlyCollection<SliceKey> Slices)
{
    /// <summary>What the plausibility checks compare, for a roster or counts file; null otherwise.</summary>
    public Plausibility.Observations? Observed { get; init; }

    public bool Accepted => Kind is not null && Findings.All(f => f.Severity != FindingSeverity.Error);

    public IEnumerable<string> Periods => Slices.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> Streets => Slices.Select(s => s.StreetCode).Distinct().Order(StringComparer.Ordinal);
}
