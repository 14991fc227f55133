using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

public enum ReceiptStatus
{
    /// <summary>Being applied; a redelivery finishes it.</summary>
    Pending,
    Accepted,
    Rejected,
}

/// <summary>The verdict on one uploaded file, kept for the uploader and for the daily digest.</summary>
public sealed record Receipt(
    string File,
    string ContentHash,
    SheetKind? Kind,
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

    public static Receipt From(string file, string contentHash, UploadInspection inspection, DateTimeOffset at) => new(
        file, contentHash, inspection.Kind, inspection.Sheet, [.. inspection.Periods], [.. inspection.Streets], inspection.Rows,
        inspection.Accepted ? ReceiptStatus.Pending : ReceiptStatus.Rejected,
        inspection.Findings.Count(f => f.Severity == Validation.FindingSeverity.Error), at)
    {
        Slices = [.. inspection.Slices.OrderBy(s => s.ToString(), StringComparer.Ordinal)],
    };
}
