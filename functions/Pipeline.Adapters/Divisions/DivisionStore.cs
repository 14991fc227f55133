using System.Text;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;

namespace Pipeline.Adapters.Divisions;

/// <summary>
/// The registry versions the district published, kept as checked in the summaries container
/// (<c>divisions/{hash}.json</c>, with the upload's path and time as metadata), written once each, over the registry
/// the app was deployed with; and the divisions each period is read with.
/// </summary>
public sealed class DivisionStore(PipelineStorage storage, IngestContext context)
{
    // A version of another district is not this app's, however it came to be kept.
    private readonly PublishedBlobs<DivisionHistory> _versions = new(storage, "divisions/", (content, name) =>
        DivisionHistory.Read(Encoding.UTF8.GetString(content), name).History is { } history && history.DistrictCode == context.Divisions.DistrictCode ? history : null);

    // Per version object (each blob is read once) and period: a period's registry is made once.
    private readonly Dictionary<(DivisionHistory History, string Period), DivisionRegistry> _registries = [];
    private readonly Lock _gate = new();

    /// <summary>Keeps <paramref name="version"/>; the same content published again is the same blob, kept once.</summary>
    public Task SaveAsync(PublishedDivisions version, byte[] content, CancellationToken cancellationToken) =>
        _versions.SaveAsync($"{version.Hash}.json", content, version.File, version.UploadedAt, cancellationToken);

    /// <summary>Every version published, over the deployed one.</summary>
    public async Task<DivisionVersions> VersionsAsync(CancellationToken cancellationToken) => new(context.Divisions,
        [.. (await _versions.ListAsync(cancellationToken)).Select(b => new PublishedDivisions(b.Value, b.File, b.UploadedAt, Path.GetFileNameWithoutExtension(b.Name)))]);

    /// <summary>The divisions a period is read with: of the version it was closed with, else of the one in force now.</summary>
    public async Task<DivisionRegistry> ForAsync(string period, string? closedWith, CancellationToken cancellationToken) =>
        (await ForAsync([(period, closedWith)], cancellationToken))[0];

    /// <summary>As <see cref="ForAsync(string, string?, CancellationToken)"/> for each period, listing the versions once.</summary>
    public async Task<IReadOnlyList<DivisionRegistry>> ForAsync(IReadOnlyList<(string Period, string? ClosedWith)> periods, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(cancellationToken);
        return [.. periods.Select(p =>
        {
            var history = (p.ClosedWith is null ? null : versions.Named(p.ClosedWith)) ?? versions.Current;
            var key = (history, p.Period);
            lock (_gate)
            {
                if (!_registries.TryGetValue(key, out var registry))
                {
                    _registries[key] = registry = history.In(p.Period);
                }

                return registry;
            }
        })];
    }
}
