using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Adapters.Storage;

/// <summary>One reference-data version as kept: what it reads as, its blob's name, the upload it came from and when.</summary>
public sealed record PublishedBlob<T>(T Value, string Name, string File, DateTimeOffset UploadedAt);

/// <summary>
/// The one idiom for reference data the district published (catalog versions, registry versions), kept in the
/// summaries container under <c>{prefix}</c>: each written once, under a name its content fixes, with the upload's
/// path and time as metadata; listed with each blob read once per ETag and checked again by <c>read</c>, since a
/// version a stricter app refuses must not be used.
/// </summary>
public sealed class PublishedBlobs<T>(PipelineStorage storage, string prefix, Func<byte[], string, T?> read) where T : class
{
    private readonly Dictionary<string, (ETag ETag, PublishedBlob<T>? Blob)> _read = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Keeps <paramref name="content"/> as <paramref name="name"/>; the same content published again is the same blob, kept once.</summary>
    public async Task SaveAsync(string name, byte[] content, string file, DateTimeOffset uploadedAt, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Summaries.GetBlobClient(prefix + name).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                Metadata = new Dictionary<string, string>
                {
                    ["file"] = Uri.EscapeDataString(file),
                    ["uploadedAt"] = uploadedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Kept by an earlier delivery of the same upload: its content is this content, by its name.
        }
    }

    /// <summary>Every version kept that still reads; <see cref="PublishedBlob{T}.Name"/> is the name without the prefix.</summary>
    public async Task<IReadOnlyList<PublishedBlob<T>>> ListAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var published = new List<PublishedBlob<T>>();
        await foreach (var item in storage.Summaries.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken))
        {
            var etag = item.Properties.ETag ?? default;
            PublishedBlob<T>? known;
            lock (_gate)
            {
                known = _read.TryGetValue(item.Name, out var cached) && cached.ETag == etag ? cached.Blob : null;
            }

            if (known is null)
            {
                var content = (await storage.Summaries.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                if (read(content, item.Name) is { } value)
                {
                    var file = item.Metadata.TryGetValue("file", out var escaped) ? Uri.UnescapeDataString(escaped) : item.Name;
                    var at = item.Metadata.TryGetValue("uploadedAt", out var ticks) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t)
                        ? new DateTimeOffset(t, TimeSpan.Zero)
                        : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
                    known = new PublishedBlob<T>(value, item.Name[prefix.Length..], file, at);
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

        return published;
    }
}
