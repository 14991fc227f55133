using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// One entity per period naming the current revision of every (kind, street) slice of it. Readers resolve slices
/// through it, so a file becomes visible all at once when its revisions are switched in by one ETag-conditional
/// write; <see cref="Revision"/> counts every change of the period's data.
/// </summary>
public sealed record SliceManifest(string Period, long Revision, IReadOnlyDictionary<SliceKey, string> Current, ETag ETag)
{
    public const string PartitionKey = "manifest";

    public string? RevisionOf(SliceKey slice) => Current.GetValueOrDefault(slice);

    public static SliceManifest Empty(string period) => new(period, 0, new Dictionary<SliceKey, string>(), default);

    public static SliceManifest FromEntity(TableEntity entity)
    {
        var current = new Dictionary<SliceKey, string>();
        foreach (var (name, value) in entity)
        {
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator > 0 && value is string revision && Enum.TryParse<SheetKind>(name[..separator], out var kind))
            {
                current[new SliceKey(kind, entity.RowKey, name[(separator + 1)..])] = revision;
            }
        }

        return new SliceManifest(entity.RowKey, entity.GetInt64("Revision") ?? 0, current, entity.ETag);
    }

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, Period) { ["Revision"] = Revision };
        foreach (var (slice, revision) in Current)
        {
            entity[$"{slice.Kind}_{slice.StreetCode}"] = revision;
        }

        return entity;
    }

    /// <summary>This manifest with <paramref name="switches"/> applied and the revision counter moved on.</summary>
    public SliceManifest With(IEnumerable<KeyValuePair<SliceKey, string>> switches)
    {
        var current = new Dictionary<SliceKey, string>(Current);
        foreach (var (slice, revision) in switches)
        {
            current[slice] = revision;
        }

        return this with { Revision = Revision + 1, Current = current };
    }
}
