using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Adapters.Storage;

/// <summary>
/// The one idiom for blobs that must not go back in time: each carries a version in its metadata, compared by ordinal
/// order, and is replaced only by the same or a later version, under the ETag it was read with. Writers racing with
/// different versions thus end with the latest stored, whichever finishes last.
/// </summary>
public static class VersionedBlobs
{
    private const string VersionKey = "version";

    /// <summary>True when written; false when a later version is stored already.</summary>
    public static async Task<bool> TryUploadAsync(this BlobClient blob, BinaryData content, BlobHttpHeaders headers, string version, CancellationToken cancellationToken)
    {
        while (true)
        {
            BlobRequestConditions conditions;
            try
            {
                var stored = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                if (stored.Metadata.TryGetValue(VersionKey, out var storedVersion) && string.CompareOrdinal(storedVersion, version) > 0)
                {
                    return false;
                }

                conditions = new BlobRequestConditions { IfMatch = stored.ETag };
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            try
            {
                await blob.UploadAsync(content, new BlobUploadOptions
                {
                    HttpHeaders = headers,
                    Metadata = new Dictionary<string, string> { [VersionKey] = version },
                    Conditions = conditions,
                }, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // Another writer came in between: read what it stored and decide again.
            }
        }
    }
}
