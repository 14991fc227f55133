using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>The verdict on an upload after a full read: what it is, what it touches, and every finding.</summary>
public sealed record UploadInspection(SheetKind? Kind, string? Sheet, int Rows, IReadOnlyList<Finding> Findings, IReadOnlyCollection<SliceKey> Slices)
{
    public bool Accepted => Kind is not null && Findings.All(f => f.Severity != FindingSeverity.Error);

    public IEnumerable<string> Periods => Slices.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> Streets => Slices.Select(s => s.StreetCode).Distinct().Order(StringComparer.Ordinal);
}
