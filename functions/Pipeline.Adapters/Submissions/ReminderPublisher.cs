using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>
/// Sends 催报 reminders to the summaries topic. Not through the outbox: a reminder is for its day, the next daily run
/// sends a fresh one, and its deterministic MessageId lets Service Bus drop a repeat of the same day.
/// </summary>
public sealed class ReminderPublisher(ServiceBusSender sender, ILogger<ReminderPublisher> logger)
{
    public async Task<bool> SendAsync(OverdueReminder reminder, string districtCode, CancellationToken cancellationToken)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(reminder.Text))
        {
            MessageId = reminder.MessageId,
            Subject = OverdueReminder.Subject,
            ContentType = "text/plain; charset=utf-8",
            ApplicationProperties = { ["period"] = reminder.Period, ["overdueCount"] = reminder.OverdueCount, ["districtCode"] = districtCode },
        };
        try
        {
            await sender.SendMessageAsync(message, cancellationToken);
            return true;
        }
        catch (Exception e) when (SummaryPublisher.IsUnreachable(e, cancellationToken))
        {
            logger.LogWarning("Service Bus unreachable ({Reason}); the reminder for {Period} goes with the next daily run", FailureText.OneLine(e), reminder.Period);
            return false;
        }
    }
}
