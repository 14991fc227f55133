using Pipeline.Core.Model;

namespace Pipeline.Core.Divisions;

/// <summary>
/// Every registry version the district published, over the one the app was deployed with (<see cref="Base"/>). Each
/// version states the divisions of every period; the latest published is in force for every open period, and a closed
/// period keeps the version it was closed with (<see cref="For"/>).
/// </summary>
public sealed class DivisionVersions(DivisionHistory @base, IReadOnlyList<PublishedDivisions> published)
{
    /// <summary>What a registry without a version of its own is recorded as: the one the app was deployed with.</summary>
    public const string Unversioned = "deployed";

    public DivisionHistory Base { get; } = @base;

    /// <summary>Oldest first, by upload time.</summary>
    public IReadOnlyList<PublishedDivisions> Published { get; } = [.. published.OrderBy(p => p.UploadedAt).ThenBy(p => p.Hash, StringComparer.Ordinal)];

    /// <summary>The version open periods are read with: the latest published, else the deployed one.</summary>
    public DivisionHistory Current => Published.Count > 0 ? Published[^1].History : Base;

    /// <summary>The name a period records of the version it was read with.</summary>
    public static string NameOf(DivisionHistory history) => history.Version ?? Unversioned;

    /// <summary>The version named <paramref name="version"/>, or null when there is none.</summary>
    public DivisionHistory? Named(string version) =>
        Published.LastOrDefault(p => p.History.Version == version)?.History ?? (NameOf(Base) == version ? Base : null);

    /// <summary>The divisions <paramref name="period"/> is read with: of the version it was closed with, else of the current one.</summary>
    public DivisionRegistry For(string period, string? closedWith) =>
        ((closedWith is null ? null : Named(closedWith)) ?? Current).In(period);

    /// <summary>
    /// Why <paramref name="candidate"/> may not be published, or null: it names its version, a version names one registry
    /// for good, and it is a registry of this district.
    /// </summary>
    public string? Refusal(PublishedDivisions candidate)
    {
        var history = candidate.History;
        if (history.DistrictCode != Base.DistrictCode)
        {
            return $"it is a registry of district {history.DistrictCode}, not of {Base.DistrictCode} ({Base.DistrictName})";
        }

        if (history.Version is not { } version)
        {
            return "a published registry names its version (\"version\": \"2021.1\"), which the periods read with it record";
        }

        if (version == Base.Version)
        {
            return $"version {version} is the deployed registry's; give the new registry a version of its own";
        }

        return Published.FirstOrDefault(p => p.History.Version == version && p.Hash != candidate.Hash) is { } taken
            ? $"version {version} was published before by {taken.File} ({Timestamps.Beijing(taken.UploadedAt)}) with other content; give this registry a new version"
            : null;
    }

    /// <summary>
    /// The first period whose divisions <paramref name="candidate"/> states otherwise than the current version (a unit
    /// in force then that was not, or with another name, kind, street or aliases); null when no period's differ (only
    /// links, groups or service modes changed).
    /// </summary>
    public string? ChangesFrom(DivisionHistory candidate)
    {
        var before = Current.Streets.Concat(Current.Communities).ToLookup(u => (u.IsStreet, u.Code));
        var after = candidate.Streets.Concat(candidate.Communities).ToLookup(u => (u.IsStreet, u.Code));
        string? first = null;
        foreach (var code in before.Select(g => g.Key).Union(after.Select(g => g.Key)))
        {
            var entries = before[code].Concat(after[code]).ToList();
            // A code's entries are bounded by the registry's checks, so its boundaries are too.
            foreach (var period in RegistryChecks.Boundaries(entries))
            {
                if (first is not null && string.CompareOrdinal(period, first) >= 0)
                {
                    break;
                }

                if (InForce(before[code], period) != InForce(after[code], period))
                {
                    first = period;
                    break;
                }
            }
        }

        return first;

        static string? InForce(IEnumerable<DivisionUnit> entries, string period) => entries.FirstOrDefault(u => u.InForce(period)) is { } u
            ? $"{u.Name}|{u.Kind}|{u.Street}|{string.Join(',', u.Aliases)}"
            : null;
    }
}
