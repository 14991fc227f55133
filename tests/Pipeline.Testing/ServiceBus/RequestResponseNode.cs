using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// Request/response plumbing shared by <c>$cbs</c> and <c>…/$management</c>. The client attaches a pair of
/// links to the node: requests arrive on one, carrying <c>reply-to</c>; the reply goes out on the link of the
/// same connection whose target address is that <c>reply-to</c>, with <c>correlation-id</c> = the request's
/// <c>message-id</c>.
/// </summary>
internal sealed class RequestResponseNode
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> replyLinks = new(StringComparer.Ordinal);
    private long replyTag;

    /// <summary>Registers the link replies for a client's <c>reply-to</c> address go out on.</summary>
    public void AttachReplyLink(SendingAmqpLink link)
    {
        var replyTo = (link.Settings.Target as Target)?.Address?.ToString();
        if (replyTo is null)
        {
            throw new AmqpException(AmqpErrorCode.InvalidField, "A reply link needs a target address.");
        }

        var key = Key(link.Session.Connection, replyTo);
        replyLinks[key] = link;
        link.SafeAddClosed((_, _) => replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(key, link)));
    }

    /// <summary>Serves requests arriving on <paramref name="link"/> with <paramref name="handler"/>.</summary>
    public void AttachRequestLink(ReceivingAmqpLink link, Func<AmqpMessage, AmqpMessage> handler)
    {
        link.RegisterMessageListener(request => OnRequest(link, request, handler));
    }

    /// <summary>A response message with the management status properties set.</summary>
    public static AmqpMessage Response(int statusCode, string description, AmqpMap? body = null, AmqpSymbol errorCondition = default)
    {
        var response = body is null ? AmqpMessage.Create() : AmqpMessage.Create(new AmqpValue { Value = body });
        response.ApplicationProperties.Map["statusCode"] = statusCode;
        response.ApplicationProperties.Map["statusDescription"] = description;
        if (errorCondition.Value is not null)
        {
            response.ApplicationProperties.Map["errorCondition"] = errorCondition;
        }

        return response;
    }

    // Runs on an AMQP I/O thread: nothing may escape, or the link faults.
    private void OnRequest(ReceivingAmqpLink link, AmqpMessage request, Func<AmqpMessage, AmqpMessage> handler)
    {
        try
        {
            AmqpMessage response;
            try
            {
                response = handler(request);
            }
            catch (Exception ex)
            {
                Trace.TraceError($"ServiceBusTestBroker: request on {link.Name} failed: {ex}");
                response = Response(500, ex.Message, errorCondition: AmqpErrorCode.InternalError);
            }

            if (!request.Settled)
            {
                link.AcceptMessage(request, settled: true, batchable: false);
            }

            var replyTo = request.Properties?.ReplyTo?.ToString();
            if (replyTo is null || !replyLinks.TryGetValue(Key(link.Session.Connection, replyTo), out var replyLink))
            {
                Trace.TraceWarning($"ServiceBusTestBroker: no reply link for '{replyTo}' on {link.Name}.");
                return;
            }

            response.Properties.CorrelationId = request.Properties!.MessageId;
            var tag = BitConverter.GetBytes(Interlocked.Increment(ref replyTag));
            replyLink.SendMessageNoWait(response, new ArraySegment<byte>(tag), AmqpConstants.NullBinary);
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: replying on {link.Name} failed: {ex}");
        }
        finally
        {
            request.Dispose();
        }
    }

    private static string Key(AmqpConnection connection, string replyTo) => $"{connection.Identifier}|{replyTo}";
}
