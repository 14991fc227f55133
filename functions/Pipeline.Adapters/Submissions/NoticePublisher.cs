using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>
/// Sends notices (催报 reminders, 审核退回 returns) to the summaries topic. Not through the outbox: whoever sends one
/// sends it again when this one did not go (the next daily run, the reviewer running <c>return</c> again), and its
/// deterministic MessageId lets Service Bus drop a repeat.
/// </summary>
public sealed class NoticePublisher(ServiceBusSender sender, ILogger<NoticePublisher> logger)
{
    /// <summary>True when sent; false when Service Bus could not be reached.</summary>
    public async Task<bool> SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(notice.Body))
        {
            MessageId = notice.MessageId,
            Subject = notice.Subject,
            ContentType = notice.ContentType,
        };
        foreach (var (name, value) in notice.Properties)
        {
            message.ApplicationProperties[name] = value;
        }

        try
        {
            await sender.SendMessageAsync(message, cancellationToken);
            return true;
        }
        catch (Exception e) when (SummaryPublisher.IsUnreachable(e, cancellationToken))
        {
            logger.LogWarning("Service Bus unreachable ({Reason}); the {Subject} notice {MessageId} was not sent", FailureText.OneLine(e), notice.Subject, notice.MessageId);
            return false;
        }
    }
}
