using Pipeline.Core.Model;

namespace Pipeline.Core.Forms;

/// <summary>
/// Every catalog version the district published, and the built-in one under them: which version a period is read
/// with (the latest <c>effectiveFrom</c> at or before it; of two from the same period, the one uploaded last), and
/// whether a new version may be published.
/// </summary>
public sealed class CatalogVersions(FormCatalog builtin, IReadOnlyList<PublishedCatalog> published)
{
    public IReadOnlyList<PublishedCatalog> Published { get; } = [.. published.OrderBy(p => p.Catalog.EffectiveFrom, StringComparer.Ordinal).ThenBy(p => p.UploadedAt)];

    /// <summary>The version in force for <paramref name="period"/>.</summary>
    public FormCatalog For(string period) =>
        Published.LastOrDefault(p => string.CompareOrdinal(p.Catalog.EffectiveFrom, period) <= 0)?.Catalog ?? builtin;

    /// <summary>The version named <paramref name="version"/> (a closed period's), or null when there is none.</summary>
    public FormCatalog? Named(string version) =>
        Published.LastOrDefault(p => p.Catalog.Version == version)?.Catalog ?? (builtin.Version == version ? builtin : null);

    /// <summary>
    /// Why <paramref name="candidate"/> may not be published, or null: a version number names one catalog for good, so
    /// the same number with other content is refused (publish it under a new number).
    /// </summary>
    public string? Refusal(PublishedCatalog candidate)
    {
        var version = candidate.Catalog.Version;
        if (version == builtin.Version)
        {
            return $"version {version} is the built-in catalog's; give the new catalog a version of its own";
        }

        return Published.FirstOrDefault(p => p.Catalog.Version == version && p.Hash != candidate.Hash) is { } taken
            ? $"version {version} was published before by {taken.File} ({Timestamps.Beijing(taken.UploadedAt)}) with other content; give this catalog a new version"
            : null;
    }
}
