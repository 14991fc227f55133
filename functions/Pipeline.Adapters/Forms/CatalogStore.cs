using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Forms;

namespace Pipeline.Adapters.Forms;

/// <summary>
/// The catalog versions the district published, kept as checked in the summaries container
/// (<c>catalogs/{effectiveFrom}/{hash}.json</c>, with the upload's path and time as metadata), written once each;
/// and which version each period is read with, compiled once per version.
/// </summary>
public sealed class CatalogStore(PipelineStorage storage)
{
    private const string Prefix = "catalogs/";
    private readonly Dictionary<string, CompiledCatalog> _compiled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ETag ETag, PublishedCatalog? Catalog)> _read = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Keeps <paramref name="catalog"/>; the same content published again is the same blob, kept once.</summary>
    public async Task SaveAsync(PublishedCatalog catalog, byte[] content, CancellationToken cancellationToken)
    {
        var blob = storage.Summaries.GetBlobClient($"{Prefix}{catalog.Catalog.EffectiveFrom}/{catalog.Hash}.json");
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                Metadata = new Dictionary<string, string>
                {
                    ["file"] = Uri.EscapeDataString(catalog.File),
                    ["uploadedAt"] = catalog.UploadedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Kept by an earlier delivery of the same upload: its content is this content, by its name.
        }
    }

    /// <summary>Every version published, and the built-in one under them.</summary>
    public async Task<CatalogVersions> VersionsAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var published = new List<PublishedCatalog>();
        await foreach (var item in storage.Summaries.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Prefix, cancellationToken))
        {
            var etag = item.Properties.ETag ?? default;
            PublishedCatalog? known;
            lock (_gate)
            {
                known = _read.TryGetValue(item.Name, out var cached) && cached.ETag == etag ? cached.Catalog : null;
            }

            if (known is null)
            {
                // Read once per version (a blob is written once): checked when published, and again here, since a
                // catalog a stricter app refuses must not be used.
                var content = (await storage.Summaries.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                if (FormCatalogFile.Read(content, item.Name).Catalog is { } catalog)
                {
                    var file = item.Metadata.TryGetValue("file", out var escaped) ? Uri.UnescapeDataString(escaped) : item.Name;
                    var at = item.Metadata.TryGetValue("uploadedAt", out var ticks) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t)
                        ? new DateTimeOffset(t, TimeSpan.Zero)
                        : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
                    known = new PublishedCatalog(catalog, file, at, Path.GetFileNameWithoutExtension(item.Name));
                }

                lock (_gate)
                {
                    _read[item.Name] = (etag, known);
                }
            }

            if (known is not null)
            {
                published.Add(known);
            }
        }

        return new CatalogVersions(FormCatalogs.Builtin, published);
    }

    /// <summary>The compiled catalog a period is read with: the version in force for it, or the one it was closed with.</summary>
    public async Task<CompiledCatalog> ForAsync(string period, string? closedWith, CancellationToken cancellationToken) =>
        (await ForAsync([(period, closedWith)], cancellationToken))[0];

    /// <summary>The compiled catalog of each period, as <see cref="ForAsync(string, string?, CancellationToken)"/>, listing the versions once.</summary>
    public async Task<IReadOnlyList<CompiledCatalog>> ForAsync(IReadOnlyList<(string Period, string? ClosedWith)> periods, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(cancellationToken);
        return [.. periods.Select(p => Compiled((p.ClosedWith is null ? null : versions.Named(p.ClosedWith)) ?? versions.For(p.Period)))];
    }

    private CompiledCatalog Compiled(FormCatalog catalog)
    {
        lock (_gate)
        {
            var key = $"{catalog.Version}\n{catalog.EffectiveFrom}";
            if (!_compiled.TryGetValue(key, out var compiled))
            {
                _compiled[key] = compiled = CompiledCatalog.Compile(catalog);
            }

            return compiled;
        }
    }
}
