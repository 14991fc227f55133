using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Closing;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Ingest;

/// <summary>The current revision of one slice and the upload that stated it (null for data stored before uploads were ordered).</summary>
public sealed record SliceEntry(string Revision, Upload? Upload);

/// <summary>
/// One entity per period naming the current revision of every (kind, street) slice of it and the upload each came
/// from. Readers resolve slices through it, so a file becomes visible all at once when its revisions are switched in
/// (every period of the file in one transaction); <see cref="Revision"/> counts every change of the period's data.
/// The period's <see cref="Closing"/> lives here too, so closing and switching a file in are ordered by one ETag:
/// no file lands in a period after it was closed.
/// </summary>
public sealed record SliceManifest(string Period, long Revision, IReadOnlyDictionary<SliceKey, SliceEntry> Current, ETag ETag)
{
    public const string PartitionKey = "manifest";

    private const string ClosingProperty = "Closing";
    private const string ReviewProperty = "Review";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public PeriodClosing Closing { get; init; } = PeriodClosing.None;

    /// <summary>The district's returns and dismissals: beside the closing, so a close sees every return made before it.</summary>
    public PeriodReview Review { get; init; } = PeriodReview.None;

    /// <summary>Each current slice with the upload that stated it.</summary>
    public IReadOnlyCollection<(SliceKey Slice, Upload? Upload)> Uploads => [.. Current.Select(c => (c.Key, c.Value.Upload))];

    public string? RevisionOf(SliceKey slice) => Current.GetValueOrDefault(slice)?.Revision;

    public static SliceManifest Empty(string period) => new(period, 0, new Dictionary<SliceKey, SliceEntry>(), default);

    public static SliceManifest FromEntity(TableEntity entity)
    {
        var current = new Dictionary<SliceKey, SliceEntry>();
        foreach (var (name, value) in entity)
        {
            // "{form}_{street}": a form code may itself hold '_', a street code never does.
            var separator = name.LastIndexOf('_');
            if (separator > 0 && separator < name.Length - 1 && value is string text && name[(separator + 1)..].All(char.IsAsciiDigit))
            {
                current[new SliceKey(name[..separator], entity.RowKey, name[(separator + 1)..])] = Parse(text);
            }
        }

        return new SliceManifest(entity.RowKey, entity.GetInt64("Revision") ?? 0, current, entity.ETag)
        {
            Closing = entity.GetString(ClosingProperty) is { } closing ? JsonSerializer.Deserialize<PeriodClosing>(closing, Json)! : PeriodClosing.None,
            Review = entity.GetString(ReviewProperty) is { } review ? JsonSerializer.Deserialize<PeriodReview>(review, Json)! : PeriodReview.None,
        };
    }

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, Period) { ["Revision"] = Revision };
        if (Closing.Step > 0)
        {
            entity[ClosingProperty] = JsonSerializer.Serialize(Closing, Json);
        }

        if (!Review.IsEmpty)
        {
            entity[ReviewProperty] = JsonSerializer.Serialize(Review, Json);
        }

        foreach (var (slice, value) in Current)
        {
            entity[$"{slice.Form}_{slice.StreetCode}"] = Format(value);
        }

        return entity;
    }

    /// <summary>This manifest with <paramref name="switches"/> applied and the revision counter moved on.</summary>
    public SliceManifest With(IEnumerable<KeyValuePair<SliceKey, SliceEntry>> switches)
    {
        var current = new Dictionary<SliceKey, SliceEntry>(Current);
        foreach (var (slice, value) in switches)
        {
            current[slice] = value;
        }

        return this with { Revision = Revision + 1, Current = current };
    }

    // "revision|uploaded-at ticks (UTC)|etag|file": the file last, since a path may hold any character.
    private static string Format(SliceEntry entry) => entry.Upload is { } upload
        ? $"{entry.Revision}|{upload.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{upload.ETag}|{upload.File}"
        : entry.Revision;

    private static SliceEntry Parse(string text) =>
        text.Split('|', 4) is [var revision, var ticks, var etag, var file] && long.TryParse(ticks, CultureInfo.InvariantCulture, out var utcTicks)
            ? new SliceEntry(revision, new Upload(file, new DateTimeOffset(utcTicks, TimeSpan.Zero), etag))
            : new SliceEntry(text, null);
}
