using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// An entity's <c>…/$management</c> node. Implements what plain receivers reach for: peek
/// (<c>com.microsoft:peek-message</c>), lock renewal (<c>com.microsoft:renew-lock</c>) and settlement by lock
/// token (<c>com.microsoft:update-disposition</c>). Any other operation (schedule, defer, sessions, rules)
/// answers 501, which the client raises as NotSupportedException.
/// </summary>
internal static class ManagementNode
{
    private static readonly AmqpSymbol MessageLockLost = "com.microsoft:message-lock-lost";

    public static AmqpMessage Handle(AmqpMessage request, MessageStore? store)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        return operation switch
        {
            "com.microsoft:peek-message" when store is not null => Peek(store, body),
            "com.microsoft:renew-lock" when store is not null => RenewLock(store, body),
            "com.microsoft:update-disposition" when store is not null => UpdateDisposition(store, body),
            _ => RequestResponseNode.Response(
                501, $"Operation '{operation}' is not implemented by the test broker.", errorCondition: AmqpErrorCode.NotImplemented),
        };
    }

    private static AmqpMessage Peek(MessageStore store, AmqpMap body)
    {
        var from = Convert.ToInt64(body[new MapKey("from-sequence-number")] ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body[new MapKey("message-count")] ?? 1, System.Globalization.CultureInfo.InvariantCulture);
        var peeked = store.Peek(from, count);
        if (peeked.Count == 0)
        {
            return RequestResponseNode.Response(204, "No messages to peek.");
        }

        var messages = new List<object>(peeked.Count);
        foreach (var (_, encoded) in peeked)
        {
            messages.Add(new AmqpMap { [new MapKey("message")] = new ArraySegment<byte>(encoded) });
        }

        return RequestResponseNode.Response(200, "OK", new AmqpMap { [new MapKey("messages")] = messages });
    }

    private static AmqpMessage RenewLock(MessageStore store, AmqpMap body)
    {
        var tokens = LockTokens(body);
        var expirations = new DateTime[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (store.RenewLock(tokens[i]) is not { } lockedUntil)
            {
                return LockLostResponse();
            }

            expirations[i] = lockedUntil;
        }

        return RequestResponseNode.Response(200, "OK", new AmqpMap { [new MapKey("expirations")] = expirations });
    }

    private static AmqpMessage UpdateDisposition(MessageStore store, AmqpMap body)
    {
        var status = body[new MapKey("disposition-status")] as string ?? string.Empty;
        var reason = body[new MapKey("deadletter-reason")] as string;
        var description = body[new MapKey("deadletter-description")] as string;
        var propertiesToModify = body[new MapKey("properties-to-modify")] is AmqpMap map
            ? map.Select(pair => new KeyValuePair<string, object?>(pair.Key.Key.ToString()!, pair.Value)).ToList()
            : [];

        foreach (var token in LockTokens(body))
        {
            if (store.Settle(token, status, reason, description, propertiesToModify) is Rejected { Error: { } error })
            {
                return error.Condition.Equals(MessageLockLost)
                    ? LockLostResponse()
                    : RequestResponseNode.Response(
                        error.Condition.Equals(AmqpErrorCode.NotImplemented) ? 501 : 400, error.Description, errorCondition: error.Condition);
            }
        }

        return RequestResponseNode.Response(200, "OK");
    }

    private static Guid[] LockTokens(AmqpMap body) => body[new MapKey("lock-tokens")] switch
    {
        Guid[] tokens => tokens,
        Guid token => [token],
        _ => [],
    };

    private static AmqpMessage LockLostResponse() => RequestResponseNode.Response(
        410, "The lock supplied is invalid. Either the lock expired, or the message has already been removed.", errorCondition: MessageLockLost);
}
