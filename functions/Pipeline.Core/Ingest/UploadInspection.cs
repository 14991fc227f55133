using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>The verdict on an upload after a full read: what it is, what it touches, and every finding.</summary>
public sealed record UploadInspection(string? Form, string? Sheet, int Rows, IReadOnlyList<Finding> Findings, IReadOnlyCollection<SliceKey> Slices)
{
    /// <summary>What the plausibility checks compare, for a roster or counts file; null otherwise.</summary>
    public Plausibility.Observations? Observed { get; init; }

    public bool Accepted => Form is not null && Findings.All(f => f.Severity != FindingSeverity.Error);

    public IEnumerable<string> Periods => Slices.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> Streets => Slices.Select(s => s.StreetCode).Distinct().Order(StringComparer.Ordinal);

    /// <summary>
    /// The verdict when a later read of a file this one accepted is refused (its deadline or a limit reached on the
    /// second pass): the file is rejected with that finding, as if the first read had met it, and keeps what it was
    /// found to be. A read that ran out of budget is the file's verdict, never a failure to retry.
    /// </summary>
    public UploadInspection RefusedOnReread(Finding refusal) => this with { Findings = [.. Findings, refusal with { Severity = FindingSeverity.Error }] };
}
