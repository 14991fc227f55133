using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

public enum ReceiptStatus
{
    /// <summary>Being applied; a redelivery finishes it.</summary>
    Pending,
    Accepted,
    Rejected,

    /// <summary>Clean, but every slice or ticket it states was stated by a later upload: nothing of it applied.</summary>
    Superseded,
}

/// <summary>The verdict on one uploaded file, kept for the uploader and for the daily digest.</summary>
public sealed record Receipt(
    string File,
    string ContentHash,
    string? Form,
    string? Sheet,
    IReadOnlyList<string> Periods,
    IReadOnlyList<string> Streets,
    int Rows,
    ReceiptStatus Status,
    int Findings,
    DateTimeOffset At)
{
    /// <summary>The slices the file changed; what the figures stage recomputes.</summary>
    public IReadOnlyList<SliceKey> Slices { get; init; } = [];

    /// <summary>Refused only because a period it states was closed: not a submission of the cycle, kept to replay after a reopen.</summary>
    public bool RefusedClosed { get; init; }

    /// <summary>Plausibility warnings on the file (they never reject it).</summary>
    public int Warnings { get; init; }

    /// <summary>When storage recorded the upload's content: what orders it against other uploads.</summary>
    public DateTimeOffset? UploadedAt { get; init; }

    /// <summary>What of the file a later upload had already stated, and which upload that was.</summary>
    public IReadOnlyList<Supersession> Superseded { get; init; } = [];

    public static Receipt From(string file, string contentHash, UploadInspection inspection, DateTimeOffset at) => new(
        file, contentHash, inspection.Form, inspection.Sheet, [.. inspection.Periods], [.. inspection.Streets], inspection.Rows,
        inspection.Accepted ? ReceiptStatus.Pending : ReceiptStatus.Rejected,
        inspection.Findings.Count(f => f.Severity == Validation.FindingSeverity.Error), at)
    {
        Slices = [.. inspection.Slices.OrderBy(s => s.ToString(), StringComparer.Ordinal)],
    };
}
