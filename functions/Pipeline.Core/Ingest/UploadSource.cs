using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// Where an upload came from and which period applies to rows that carry none: the row's own period column wins,
/// then a YYYY-MM folder of the blob path (uploads/2020-12/清源街道.xlsx), then the operator's --period.
/// </summary>
public sealed record UploadSource(string File, string? FallbackPeriod = null)
{
    /// <summary>Offline validation: a missing period is a warning, since the upload path may supply one.</summary>
    public bool PeriodMayComeLater { get; init; }

    public static UploadSource ForBlob(string blobPath, string? operatorPeriod = null) =>
        new(blobPath, PeriodFromPath(blobPath) ?? operatorPeriod);

    /// <summary>The last folder of the path named like 2020-12, if any.</summary>
    public static string? PeriodFromPath(string path) =>
        path.Replace('\\', '/').Split('/').SkipLast(1).LastOrDefault(Periods.IsValid);
}
