using System.Net.Sockets;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Concurrency;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Telemetry;
using Pipeline.Core.Publish;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// Sends what the outbox holds to the summaries topic, oldest first, in size-aware batches on the process's one
/// sender. A document larger than the entity's maximum message size goes as a claim-check message: the same
/// properties, no body, and <c>blobUri</c> naming the stored document. When Service Bus cannot be reached the items
/// stay pending for the next flush (the next ingest or the daily timer).
/// </summary>
public sealed class SummaryPublisher(SummaryOutbox outbox, ServiceBusSender sender, PipelineMetrics metrics, ILogger<SummaryPublisher> logger)
{
    public const string BlobUriProperty = "blobUri";

    private readonly Coalescer<int> _flushes = new();

    /// <summary>
    /// Sends every pending summary it can; returns how many were sent. Side by side flushes in this process share one
    /// run that starts after they asked, so what each caller queued is sent once, not raced for.
    /// </summary>
    public Task<int> FlushAsync(CancellationToken cancellationToken) =>
        _flushes.RunAsync("outbox", () => FlushNowAsync(cancellationToken), cancellationToken);

    private async Task<int> FlushNowAsync(CancellationToken cancellationToken)
    {
        var pending = await outbox.PendingAsync(cancellationToken);
        if (pending.Count == 0)
        {
            metrics.OutboxLeft(0);
            return 0;
        }

        var sent = 0;
        try
        {
            var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            var inBatch = new List<(OutboxItem Item, bool ClaimCheck)>();
            try
            {
                foreach (var item in pending)
                {
                    var body = await outbox.ReadDocumentAsync(item, cancellationToken);
                    var message = Message(item, body);
                    if (batch.TryAddMessage(message))
                    {
                        inBatch.Add((item, false));
                        continue;
                    }

                    if (batch.Count > 0)
                    {
                        sent += await SendAsync(batch, inBatch, cancellationToken);
                        batch.Dispose();
                        batch = await sender.CreateMessageBatchAsync(cancellationToken);
                        if (batch.TryAddMessage(message))
                        {
                            inBatch.Add((item, false));
                            continue;
                        }
                    }

                    // Larger than the entity accepts even alone: send a claim check instead.
                    var claimCheck = ClaimCheck(item, body, batch.MaxSizeInBytes);
                    if (!batch.TryAddMessage(claimCheck))
                    {
                        throw new InvalidOperationException($"Even the claim check of {item.MessageId} does not fit a message.");
                    }

                    inBatch.Add((item, true));
                }

                sent += await SendAsync(batch, inBatch, cancellationToken);
            }
            finally
            {
                batch.Dispose();
            }
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            logger.LogWarning("Service Bus unreachable ({Reason}); {Pending} summaries wait in the outbox", FailureText.OneLine(e), pending.Count - sent);
        }

        metrics.OutboxLeft(pending.Count - sent);
        return sent;
    }

    private async Task<int> SendAsync(ServiceBusMessageBatch batch, List<(OutboxItem Item, bool ClaimCheck)> items, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await sender.SendMessagesAsync(batch, cancellationToken);
        foreach (var (item, claimCheck) in items)
        {
            await outbox.MarkSentAsync(item, claimCheck, cancellationToken);
            logger.LogInformation("Published {MessageId}{ClaimCheck}", item.MessageId, claimCheck ? " (claim check)" : "");
        }

        var count = items.Count;
        items.Clear();
        return count;
    }

    private static ServiceBusMessage Message(OutboxItem item, BinaryData body)
    {
        var envelope = SummaryMessage.For(SummaryEnvelope.Read(body), item.Day);
        var message = new ServiceBusMessage(body) { MessageId = envelope.MessageId, Subject = envelope.Subject, ContentType = SummaryMessage.ContentType };
        foreach (var (name, value) in envelope.Properties)
        {
            message.ApplicationProperties[name] = value;
        }

        return message;
    }

    private ServiceBusMessage ClaimCheck(OutboxItem item, BinaryData body, long maxSize)
    {
        var message = Message(item, body);
        logger.LogInformation("{MessageId} is {Bytes} bytes, over the entity's {Max}: sending a claim check", item.MessageId, body.ToMemory().Length, maxSize);
        var claim = new ServiceBusMessage { MessageId = message.MessageId, Subject = message.Subject, ContentType = message.ContentType };
        foreach (var (name, value) in message.ApplicationProperties)
        {
            claim.ApplicationProperties[name] = value;
        }

        claim.ApplicationProperties[BlobUriProperty] = outbox.DocumentUri(item).ToString();
        return claim;
    }

    /// <summary>A failure that means Service Bus cannot be reached now (what is unsent is sent later), not a bug.</summary>
    internal static bool IsUnreachable(Exception e, CancellationToken cancellationToken) => e switch
    {
        ServiceBusException => true,
        TimeoutException or SocketException or UnauthorizedAccessException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
