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
    private readonly PublishedBlobs<FormCatalog> _versions = new(storage, "catalogs/", (content, name) => FormCatalogFile.Read(content, name).Catalog);
    private readonly Dictionary<string, CompiledCatalog> _compiled = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Keeps <paramref name="catalog"/>; the same content published again is the same blob, kept once.</summary>
    public Task SaveAsync(PublishedCatalog catalog, byte[] content, CancellationToken cancellationToken) =>
        _versions.SaveAsync($"{catalog.Catalog.EffectiveFrom}/{catalog.Hash}.json", content, catalog.File, catalog.UploadedAt, cancellationToken);

    /// <summary>Every version published, and the built-in one under them.</summary>
    public async Task<CatalogVersions> VersionsAsync(CancellationToken cancellationToken) => new(FormCatalogs.Builtin,
        [.. (await _versions.ListAsync(cancellationToken)).Select(b => new PublishedCatalog(b.Value, b.File, b.UploadedAt, Path.GetFileNameWithoutExtension(b.Name)))]);

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
