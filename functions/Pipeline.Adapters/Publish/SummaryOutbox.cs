using System.Net;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Publish;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// Summaries are written here before they are sent: the document to the summaries container, a row to the
/// <c>{prefix}Outbox</c> table. A row is marked sent only after Service Bus accepted the message, so nothing published
/// is lost when Service Bus is unreachable; a summary already queued (same MessageId) is not queued again.
/// </summary>
public sealed class SummaryOutbox(PipelineStorage storage, TimeProvider clock)
{
    private const string Partition = "outbox";
    private const string Pending = "pending";
    private const string Sent = "sent";

    /// <summary>
    /// Queues the document and returns it; when a summary with the same MessageId was queued before, returns that one
    /// instead, so whatever else shows the summary shows the very document published.
    /// </summary>
    public async Task<SummaryDocument> EnqueueAsync(SummaryDocument document, DateOnly? day, CancellationToken cancellationToken) =>
        SummaryJson.Deserialize(await EnqueueAsync(SummaryJson.Serialize(document), SummaryEnvelope.Of(document), day, cancellationToken));

    /// <inheritdoc cref="EnqueueAsync(SummaryDocument, DateOnly?, CancellationToken)"/>
    public async Task<FiguresSummary> EnqueueAsync(FiguresSummary document, DateOnly? day, CancellationToken cancellationToken) =>
        SummaryJson.DeserializeFigures(await EnqueueAsync(SummaryJson.Serialize(document), SummaryEnvelope.Of(document), day, cancellationToken));

    /// <summary>Queues a serialised summary of any version; the bytes of the one queued under its MessageId.</summary>
    private async Task<byte[]> EnqueueAsync(byte[] body, SummaryEnvelope envelope, DateOnly? day, CancellationToken cancellationToken)
    {
        var message = SummaryMessage.For(envelope, day);
        var key = TableKeys.Escape(message.MessageId.Replace(':', '_'));
        var blobPath = $"{envelope.Period}/{envelope.Kind}/{key}.json";
        var existing = await storage.Outbox.GetEntityIfExistsAsync<TableEntity>(Partition, key, ["Status"], cancellationToken);
        if (existing.HasValue)
        {
            return await ReadDocumentAsync(blobPath, cancellationToken);
        }

        await storage.Summaries.GetBlobClient(blobPath).UploadAsync(BinaryData.FromBytes(body),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, cancellationToken);
        try
        {
            await storage.Outbox.AddEntityAsync(new TableEntity(Partition, key)
            {
                ["MessageId"] = message.MessageId,
                ["Period"] = envelope.Period,
                ["Kind"] = envelope.Kind,
                ["Revision"] = envelope.Revision,
                ["Day"] = day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["BlobPath"] = blobPath,
                ["Status"] = Pending,
                ["CreatedAt"] = clock.GetUtcNow(),
            }, cancellationToken);
            return body;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Queued at the same moment by another instance, whose document may have overwritten this one's blob.
            return await ReadDocumentAsync(blobPath, cancellationToken);
        }
    }

    /// <summary>What is still to be sent, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxItem>> PendingAsync(CancellationToken cancellationToken)
    {
        var rows = await storage.Outbox.QueryAsync<TableEntity>(TableFilters.Where($"PartitionKey eq {Partition} and Status eq {Pending}"), cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken);
        return [.. rows
            .OrderBy(r => r.GetDateTimeOffset("CreatedAt"))
            .ThenBy(r => r.RowKey, StringComparer.Ordinal)
            .Select(r => new OutboxItem(r.RowKey, r.GetString("MessageId"), r.GetString("BlobPath"),
                r.GetString("Day") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null))];
    }

    public async Task<BinaryData> ReadDocumentAsync(OutboxItem item, CancellationToken cancellationToken) =>
        (await storage.Summaries.GetBlobClient(item.BlobPath).DownloadContentAsync(cancellationToken)).Value.Content;

    private async Task<byte[]> ReadDocumentAsync(string blobPath, CancellationToken cancellationToken) =>
        (await storage.Summaries.GetBlobClient(blobPath).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();

    public Uri DocumentUri(OutboxItem item) => storage.Summaries.GetBlobClient(item.BlobPath).Uri;

    public async Task MarkSentAsync(OutboxItem item, bool claimCheck, CancellationToken cancellationToken) =>
        await storage.Outbox.UpdateEntityAsync(new TableEntity(Partition, item.Key)
        {
            ["Status"] = Sent,
            ["SentAt"] = clock.GetUtcNow(),
            ["ClaimCheck"] = claimCheck,
        }, ETag.All, TableUpdateMode.Merge, cancellationToken);
}

/// <summary>A queued summary: its row key, its MessageId, where its document is, and the day of a daily summary.</summary>
public sealed record OutboxItem(string Key, string MessageId, string BlobPath, DateOnly? Day);
