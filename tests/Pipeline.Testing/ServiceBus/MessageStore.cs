using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The messages of one receivable entity (a queue, a subscription, or the dead-letter sub-queue of either) and
/// the receivers attached to it: hands out messages as link credit allows, holds peek-locks, and applies
/// settlements, lock expiry and the max-delivery-count rule.
/// </summary>
/// <remarks>
/// All state is guarded by one lock. AMQP calls (sending a transfer) are never made while holding it, because the
/// AMQP library calls back into the store from its I/O threads while holding its own locks.
/// </remarks>
internal sealed class MessageStore
{
    private static readonly AmqpSymbol DeadLetterCondition = "com.microsoft:dead-letter";
    private static readonly AmqpSymbol MessageLockLostCondition = "com.microsoft:message-lock-lost";

    private readonly object sync = new();
    private readonly SortedDictionary<long, StoredMessage> messages = []; // active: available and locked
    private readonly SortedSet<long> available = [];
    private readonly List<StoredMessage> scheduled = [];
    private readonly Dictionary<Guid, StoredMessage> locks = [];
    private readonly List<Consumer> consumers = [];
    private readonly Func<EntityOptions> options;
    private long lastSequenceNumber;
    private int nextConsumer;

    public MessageStore(string path, Func<EntityOptions> options, bool isDeadLetterQueue)
    {
        Path = path;
        this.options = options;
        DeadLetter = isDeadLetterQueue ? null : new MessageStore(path + "/$DeadLetterQueue", options, isDeadLetterQueue: true);
    }

    public string Path { get; }

    /// <summary>Null for a dead-letter queue itself.</summary>
    public MessageStore? DeadLetter { get; }

    private int MaxDeliveryCount => DeadLetter is null ? int.MaxValue : options().MaxDeliveryCount;

    private TimeSpan LockDuration => options().EffectiveLockDuration;

    public void Enqueue(MessageContent content) => Enqueue(content, sequenceNumber: null, enqueuedTimeUtc: null, deliveryCount: 0);

    public void AddConsumer(Consumer consumer)
    {
        lock (sync)
        {
            if (!consumer.IsClosed)
            {
                consumers.Add(consumer);
            }
        }
    }

    /// <summary>A receiver link closed: its unsettled messages go back to the entity.</summary>
    public void RemoveConsumer(Consumer consumer)
    {
        List<StoredMessage> deadLettered;
        lock (sync)
        {
            consumer.IsClosed = true;
            consumer.Credit = 0;
            consumers.Remove(consumer);
            var held = locks.Values.Where(m => ReferenceEquals(m.LockedBy, consumer)).ToList();
            deadLettered = ReleaseLocked(held);
        }

        Forward(deadLettered);
        Dispatch();
    }

    /// <summary>The receiver granted credit (or asked to drain); deliver what is available now.</summary>
    public void AddCredit(Consumer consumer, uint credit, bool drain)
    {
        lock (sync)
        {
            if (consumer.IsClosed)
            {
                return;
            }

            consumer.Credit = (int)Math.Min(int.MaxValue, consumer.Credit + (long)credit);
        }

        // On drain, what is available goes out now (still inside the library's flow callback); the library then
        // reports the rest of the credit as used, so the store must not use it later.
        Dispatch(drain ? consumer : null);
    }

    /// <summary>
    /// Applies a receiver's outcome for a lock token and returns the state to settle the delivery with, or null
    /// when nothing should be sent back.
    /// </summary>
    public DeliveryState? Settle(Guid lockToken, DeliveryState? outcome)
    {
        List<StoredMessage> deadLettered = [];
        DeliveryState reply;
        lock (sync)
        {
            if (!locks.TryGetValue(lockToken, out var message) || message.LockedUntil <= DateTime.UtcNow)
            {
                return LockLost();
            }

            switch (outcome)
            {
                case Accepted:
                    RemoveLocked(message);
                    reply = outcome;
                    break;
                case Rejected rejected:
                    if (DeadLetter is null)
                    {
                        return Error(AmqpErrorCode.NotAllowed, "A message in a dead-letter queue cannot be dead-lettered.");
                    }

                    RemoveLocked(message);
                    message.Content = message.Content.WithApplicationProperties(ErrorInfo(rejected.Error));
                    deadLettered.Add(message);

                    // The client treats a Rejected reply as a failure; Service Bus answers a dead-letter with Accepted.
                    reply = AmqpConstants.AcceptedOutcome;
                    break;
                case Modified { UndeliverableHere: true }:
                    return Error(AmqpErrorCode.NotImplemented, "Deferral is not supported by the test broker.");
                case Modified modified:
                    if (modified.MessageAnnotations is { Count: > 0 } changes)
                    {
                        message.Content = message.Content.WithApplicationProperties(ToPairs(changes));
                    }

                    deadLettered = ReleaseLocked([message]);
                    reply = outcome;
                    break;
                case Released:
                    deadLettered = ReleaseLocked([message]);
                    reply = outcome;
                    break;
                default:
                    return null;
            }
        }

        Forward(deadLettered);
        Dispatch();
        return reply;
    }

    /// <summary>Settlement through the management link (com.microsoft:update-disposition).</summary>
    public DeliveryState? Settle(Guid lockToken, string dispositionStatus, string? deadLetterReason, string? deadLetterDescription, IEnumerable<KeyValuePair<string, object?>> propertiesToModify)
    {
        DeliveryState outcome;
        switch (dispositionStatus.ToLowerInvariant())
        {
            case "completed":
                outcome = new Accepted();
                break;
            case "abandoned":
                outcome = new Modified { MessageAnnotations = ToFields(propertiesToModify) };
                break;
            case "suspended":
                var info = ToFields(propertiesToModify);
                if (deadLetterReason is not null)
                {
                    info["DeadLetterReason"] = deadLetterReason;
                }

                if (deadLetterDescription is not null)
                {
                    info["DeadLetterErrorDescription"] = deadLetterDescription;
                }

                outcome = new Rejected { Error = new Error { Condition = DeadLetterCondition, Info = info } };
                break;
            default:
                return Error(AmqpErrorCode.NotImplemented, $"Disposition '{dispositionStatus}' is not supported by the test broker.");
        }

        return Settle(lockToken, outcome);
    }

    /// <summary>Extends a lock; null when the lock is unknown or already expired.</summary>
    public DateTime? RenewLock(Guid lockToken)
    {
        lock (sync)
        {
            if (!locks.TryGetValue(lockToken, out var message) || message.LockedUntil <= DateTime.UtcNow)
            {
                return null;
            }

            message.LockedUntil = DateTime.UtcNow + LockDuration;
            return message.LockedUntil;
        }
    }

    /// <summary>Encoded copies of up to <paramref name="count"/> active messages from a sequence number on.</summary>
    public List<(long SequenceNumber, byte[] Encoded)> Peek(long fromSequenceNumber, int count)
    {
        lock (sync)
        {
            return messages
                .Where(entry => entry.Key >= fromSequenceNumber)
                .Take(Math.Max(0, count))
                .Select(entry => (entry.Key, entry.Value.Content.Encode(
                    (uint)entry.Value.DeliveryCount,
                    entry.Key,
                    entry.Value.EnqueuedTimeUtc,
                    entry.Value.LockToken == Guid.Empty ? null : entry.Value.LockedUntil)))
                .ToList();
        }
    }

    /// <summary>Timer work: expired locks return the message; scheduled messages whose time came are enqueued.</summary>
    public void Sweep(DateTime nowUtc)
    {
        List<StoredMessage> deadLettered;
        var changed = false;
        lock (sync)
        {
            var expired = locks.Values.Where(m => m.LockedUntil <= nowUtc).ToList();
            deadLettered = ReleaseLocked(expired);
            changed = expired.Count > 0;

            for (var i = scheduled.Count - 1; i >= 0; i--)
            {
                if (scheduled[i].EnqueuedTimeUtc <= nowUtc)
                {
                    MakeAvailable(scheduled[i]);
                    scheduled.RemoveAt(i);
                    changed = true;
                }
            }
        }

        Forward(deadLettered);
        if (changed)
        {
            Dispatch();
        }

        DeadLetter?.Sweep(nowUtc);
    }

    /// <summary>The broker stopped: every lock is void (its connections are gone), the messages stay.</summary>
    public void ReleaseAllLocks()
    {
        List<StoredMessage> deadLettered;
        lock (sync)
        {
            foreach (var consumer in consumers)
            {
                consumer.IsClosed = true;
                consumer.Credit = 0;
            }

            consumers.Clear();
            deadLettered = ReleaseLocked(locks.Values.ToList());
        }

        Forward(deadLettered);
        DeadLetter?.ReleaseAllLocks();
    }

    private void Enqueue(MessageContent content, long? sequenceNumber, DateTime? enqueuedTimeUtc, int deliveryCount)
    {
        lock (sync)
        {
            var now = DateTime.UtcNow;
            var message = new StoredMessage(content)
            {
                SequenceNumber = sequenceNumber ?? ++lastSequenceNumber,
                EnqueuedTimeUtc = enqueuedTimeUtc ?? now,
                DeliveryCount = deliveryCount,
            };
            lastSequenceNumber = Math.Max(lastSequenceNumber, message.SequenceNumber);

            if (sequenceNumber is null && content.ScheduledEnqueueTime is { } scheduledTime && scheduledTime > now)
            {
                message.EnqueuedTimeUtc = scheduledTime;
                scheduled.Add(message);
                return;
            }

            MakeAvailable(message);
        }

        Dispatch();
    }

    private void MakeAvailable(StoredMessage message)
    {
        messages[message.SequenceNumber] = message;
        available.Add(message.SequenceNumber);
    }

    /// <summary>Matches available messages with consumers that have credit, then sends outside the lock.</summary>
    private void Dispatch(Consumer? draining = null)
    {
        List<(Consumer Consumer, StoredMessage Message, byte[] Payload, Guid LockToken)> deliveries = [];
        lock (sync)
        {
            while (available.Count > 0 && NextConsumerWithCredit() is { } consumer)
            {
                var message = messages[available.Min];
                available.Remove(message.SequenceNumber);
                message.DeliveryCount++;
                consumer.Credit--;

                var lockToken = Guid.NewGuid();
                DateTime? lockedUntil = null;
                if (consumer.ReceiveAndDelete)
                {
                    messages.Remove(message.SequenceNumber);
                }
                else
                {
                    message.LockToken = lockToken;
                    message.LockedBy = consumer;
                    message.LockedUntil = DateTime.UtcNow + LockDuration;
                    lockedUntil = message.LockedUntil;
                    locks[lockToken] = message;
                }

                var payload = message.Content.Encode(
                    (uint)(message.DeliveryCount - 1), message.SequenceNumber, message.EnqueuedTimeUtc, lockedUntil);
                deliveries.Add((consumer, message, payload, lockToken));
            }

            if (draining is not null)
            {
                draining.Credit = 0;
            }
        }

        foreach (var (consumer, message, payload, lockToken) in deliveries)
        {
            if (!consumer.TryDeliver(payload, lockToken))
            {
                // The link went away between matching and sending; its Closed handler or the lock timer
                // returns a locked message. A receive-and-delete message is lost, as with Service Bus.
                lock (sync)
                {
                    if (locks.TryGetValue(lockToken, out var held) && ReferenceEquals(held, message))
                    {
                        ReleaseLocked([message]);
                    }
                }
            }
        }
    }

    // Round-robin so that competing receivers share the entity.
    private Consumer? NextConsumerWithCredit()
    {
        for (var i = 0; i < consumers.Count; i++)
        {
            var consumer = consumers[(nextConsumer + i) % consumers.Count];
            if (consumer.Credit > 0 && consumer.LinkCredit > 0 && !consumer.IsClosed)
            {
                nextConsumer = (nextConsumer + i + 1) % consumers.Count;
                return consumer;
            }
        }

        return null;
    }

    private void RemoveLocked(StoredMessage message)
    {
        locks.Remove(message.LockToken);
        messages.Remove(message.SequenceNumber);
        message.LockToken = Guid.Empty;
        message.LockedBy = null;
    }

    /// <summary>
    /// Returns locked messages to the entity; those that used up their deliveries are removed and returned for
    /// the caller to forward to the dead-letter queue once the lock is released.
    /// </summary>
    private List<StoredMessage> ReleaseLocked(IEnumerable<StoredMessage> lockedMessages)
    {
        List<StoredMessage> deadLettered = [];
        foreach (var message in lockedMessages)
        {
            locks.Remove(message.LockToken);
            message.LockToken = Guid.Empty;
            message.LockedBy = null;
            if (message.DeliveryCount >= MaxDeliveryCount)
            {
                messages.Remove(message.SequenceNumber);
                message.Content = message.Content.WithApplicationProperties(
                [
                    new("DeadLetterReason", "MaxDeliveryCountExceeded"),
                    new("DeadLetterErrorDescription", $"Message could not be consumed after {MaxDeliveryCount} delivery attempts."),
                ]);
                deadLettered.Add(message);
            }
            else
            {
                available.Add(message.SequenceNumber);
            }
        }

        return deadLettered;
    }

    // Dead-lettered messages keep their sequence number and enqueued time, as in Service Bus.
    private void Forward(List<StoredMessage> deadLettered)
    {
        foreach (var message in deadLettered)
        {
            DeadLetter?.Enqueue(message.Content, message.SequenceNumber, message.EnqueuedTimeUtc, message.DeliveryCount);
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> ErrorInfo(Error? error)
    {
        if (error?.Info is { } info)
        {
            foreach (var pair in ToPairs(info))
            {
                yield return pair;
            }
        }

        if (error?.Info is null && error?.Description is { } description)
        {
            yield return new("DeadLetterErrorDescription", description);
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> ToPairs(Fields fields) =>
        fields.Select(pair => new KeyValuePair<string, object?>(pair.Key.Key.ToString()!, pair.Value));

    private static Fields ToFields(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var fields = new Fields();
        foreach (var (name, value) in pairs)
        {
            fields[name] = value;
        }

        return fields;
    }

    private static Rejected LockLost() => Error(
        MessageLockLostCondition,
        "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");

    private static Rejected Error(AmqpSymbol condition, string description) =>
        new() { Error = new Error { Condition = condition, Description = description } };

    private sealed class StoredMessage(MessageContent content)
    {
        public MessageContent Content { get; set; } = content;

        public long SequenceNumber { get; init; }

        public DateTime EnqueuedTimeUtc { get; set; }

        /// <summary>Times the message was handed to a receiver (the client shows this value).</summary>
        public int DeliveryCount { get; set; }

        public Guid LockToken { get; set; }

        public Consumer? LockedBy { get; set; }

        public DateTime LockedUntil { get; set; }
    }
}
