using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Forms;
using Pipeline.Core.Forms;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// A catalog version the district office uploaded to its <c>forms/</c> folder: read within its size limit, checked
/// whole, checked against the versions before it, then kept; accepted or refused with a receipt and findings like any
/// upload, before it takes effect. Delivered again, it finds its receipt and changes nothing.
/// </summary>
public sealed class CatalogIntake(ReferenceIntake intake, CatalogStore catalogs, ILogger<CatalogIntake> logger)
{
    public async Task<IngestOutcome> IngestAsync(string blobPath, bool force, CancellationToken cancellationToken)
    {
        var (upload, content, hash, done) = await intake.OpenAsync(blobPath, force, FormCatalogFile.MaxBytes, cancellationToken);
        if (done is not null)
        {
            return done;
        }

        var (catalog, problems) = FormCatalogFile.Read(content, Path.GetFileName(blobPath));
        if (catalog is null)
        {
            return await RefuseAsync(upload, hash, [.. problems.Select(p => FileFindings.CatalogProblem(blobPath, p.Form, p.Field, p.Message))], cancellationToken);
        }

        var published = new PublishedCatalog(catalog, blobPath, upload.At, hash);
        if ((await catalogs.VersionsAsync(cancellationToken)).Refusal(published) is { } why)
        {
            return await RefuseAsync(upload, hash, [FileFindings.CatalogVersionTaken(blobPath, why)], cancellationToken);
        }

        await catalogs.SaveAsync(published, content, cancellationToken);
        logger.LogInformation("{File}: form catalog version {Version} accepted, in force from {Period}", blobPath, catalog.Version, catalog.EffectiveFrom);
        return await intake.AcceptAsync(upload, hash, [catalog.EffectiveFrom], catalog.Forms.Count, cancellationToken);
    }

    private async Task<IngestOutcome> RefuseAsync(Core.Ingest.Upload upload, string hash, IReadOnlyList<Finding> problems, CancellationToken cancellationToken)
    {
        logger.LogWarning("{File}: form catalog refused with {Findings} problem(s)", upload.File, problems.Count);
        return await intake.RefuseAsync(upload, hash, problems, cancellationToken);
    }
}
