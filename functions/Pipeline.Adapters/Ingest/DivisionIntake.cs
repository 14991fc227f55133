using System.Text;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Divisions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// A registry version the district office uploaded to its <c>divisions/</c> folder: read within its size limit, checked
/// as <c>pipeline divisions check</c> checks it, checked against the versions before it, then kept; accepted or refused
/// with a receipt and findings like any upload, before it takes effect. Delivered again, it changes nothing.
/// </summary>
public sealed class DivisionIntake(ReferenceIntake intake, DivisionStore divisions, ILogger<DivisionIntake> logger)
{
    public async Task<IngestOutcome> IngestAsync(string blobPath, bool force, CancellationToken cancellationToken)
    {
        var (upload, content, hash, done) = await intake.OpenAsync(blobPath, force, DivisionHistory.MaxBytes, cancellationToken);
        if (done is not null)
        {
            return done;
        }

        var (history, problems) = DivisionHistory.Read(Encoding.UTF8.GetString(content), Path.GetFileName(blobPath));
        if (history is null)
        {
            return await RefuseAsync(upload, hash, [.. problems.Select(p => FileFindings.DivisionProblem(blobPath, p.Unit, p.Field, p.Message))], cancellationToken);
        }

        var versions = await divisions.VersionsAsync(cancellationToken);
        if (versions.Refusal(new PublishedDivisions(history, blobPath, upload.At, hash)) is { } why)
        {
            return await RefuseAsync(upload, hash, [FileFindings.DivisionsRefused(blobPath, why)], cancellationToken);
        }

        // The receipt names the first period whose divisions the version changes; none when it changes only groups or modes.
        var from = versions.ChangesFrom(history);
        await divisions.SaveAsync(new PublishedDivisions(history, blobPath, upload.At, hash), content, cancellationToken);
        logger.LogInformation("{File}: registry version {Version} accepted, changing the divisions from {Period}", blobPath, history.Version, from ?? "(none)");
        return await intake.AcceptAsync(upload, hash, from is null || from == DivisionHistory.BeginningPeriod ? [] : [from],
            history.Streets.Count + history.Communities.Count, cancellationToken);
    }

    private async Task<IngestOutcome> RefuseAsync(Core.Ingest.Upload upload, string hash, IReadOnlyList<Finding> problems, CancellationToken cancellationToken)
    {
        logger.LogWarning("{File}: registry refused with {Findings} problem(s)", upload.File, problems.Count);
        return await intake.RefuseAsync(upload, hash, problems, cancellationToken);
    }
}
