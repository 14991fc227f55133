using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Publish;

/// <summary>
/// A day's ingestion, per street: how many files were accepted and rejected, and with how many findings; and every
/// correction that came after its period was closed and still waits for the district to reopen it.
/// </summary>
public sealed record IngestionDigest(string Date, int FilesAccepted, int FilesRejected, IReadOnlyList<StreetDigest> Streets, IReadOnlyList<FileDigest> Files)
{
    public IReadOnlyList<PeriodCorrections> Waiting { get; init; } = [];

    /// <summary>Receipts are grouped by the streets they cover; a rejected file that names none counts under "unknown".</summary>
    public static IngestionDigest Build(DateOnly date, IEnumerable<Receipt> receipts, Func<string, string?> streetName)
    {
        var final = receipts.Where(r => r.Status != ReceiptStatus.Pending).OrderBy(r => r.At).ThenBy(r => r.File, StringComparer.Ordinal).ToList();
        var streets = final
            .SelectMany(r => (r.Streets.Count == 0 ? ["unknown"] : r.Streets).Select(code => (code, r)))
            .GroupBy(x => x.code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StreetDigest(g.Key, streetName(g.Key),
                g.Count(x => x.r.Status == ReceiptStatus.Accepted), g.Count(x => x.r.Status == ReceiptStatus.Rejected), g.Sum(x => x.r.Findings)))
            .ToList();
        return new IngestionDigest(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            final.Count(r => r.Status == ReceiptStatus.Accepted), final.Count(r => r.Status == ReceiptStatus.Rejected), streets,
            [.. final.Select(r => new FileDigest(r.File, r.Form, r.Status.ToString().ToLowerInvariant(), r.Rows, r.Findings, r.Streets))]);
    }
}

public sealed record StreetDigest(string Code, string? Name, int Accepted, int Rejected, int Findings);

public sealed record FileDigest(string File, string? Kind, string Status, int Rows, int Findings, IReadOnlyList<string> Streets);

/// <summary>The corrections waiting for one closed period to be reopened.</summary>
public sealed record PeriodCorrections(string Period, IReadOnlyList<WaitingCorrection> Corrections);
