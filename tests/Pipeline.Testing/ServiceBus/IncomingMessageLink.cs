using System.Diagnostics;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The broker's end of a client sender link (target <c>/queue</c> or <c>/topic</c>). Each transfer, a single
/// message or a batch, is stored and then accepted; an oversized one is rejected with
/// <c>amqp:link:message-size-exceeded</c>, which the client reports as MessageSizeExceeded.
/// </summary>
internal static class IncomingMessageLink
{
    public static void Attach(ReceivingAmqpLink link, IMessageSink sink)
    {
        link.RegisterMessageListener(message => OnMessage(link, sink, message));
    }

    // Runs on an AMQP I/O thread: nothing may escape, or the link faults.
    private static void OnMessage(ReceivingAmqpLink link, IMessageSink sink, AmqpMessage message)
    {
        DeliveryState outcome;
        try
        {
            var payload = MessageContent.CopyPayload(message);
            if (payload.Length > sink.MaxMessageSizeBytes)
            {
                outcome = Rejected(
                    AmqpErrorCode.MessageSizeExceeded,
                    $"The message size ({payload.Length} bytes) exceeds the limit of {sink.MaxMessageSizeBytes} bytes of '{sink.Name}'.");
            }
            else
            {
                foreach (var content in MessageContent.ParseTransfer(payload, message.MessageFormat))
                {
                    sink.Send(content);
                }

                outcome = AmqpConstants.AcceptedOutcome;
            }
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: storing a message for '{sink.Name}' failed: {ex}");
            outcome = Rejected(AmqpErrorCode.InternalError, ex.Message);
        }

        try
        {
            if (!message.Settled)
            {
                link.DisposeMessage(message, outcome, settled: true, batchable: false);
            }
        }
        catch (Exception ex)
        {
            Trace.TraceWarning($"ServiceBusTestBroker: settling a send to '{sink.Name}' failed: {ex.Message}");
        }
        finally
        {
            message.Dispose();
        }
    }

    private static Rejected Rejected(Microsoft.Azure.Amqp.Encoding.AmqpSymbol condition, string description) =>
        new() { Error = new Error { Condition = condition, Description = description } };
}
