namespace Pipeline.Testing.ServiceBus;

/// <summary>Something a client can send to: a queue or a topic.</summary>
internal interface IMessageSink
{
    string Name { get; }

    int MaxMessageSizeBytes { get; }

    void Send(MessageContent message);
}

internal sealed class QueueEntity : IMessageSink
{
    private readonly DuplicateDetector? duplicates;

    public QueueEntity(string name, EntityOptions options)
    {
        Name = name;
        Options = options;
        Store = new MessageStore(name, () => Options, isDeadLetterQueue: false);
        duplicates = DuplicateDetector.For(options);
    }

    public string Name { get; }

    public EntityOptions Options { get; }

    public MessageStore Store { get; }

    public int MaxMessageSizeBytes => Options.MaxMessageSizeBytes;

    public void Send(MessageContent message)
    {
        if (duplicates?.IsDuplicate(message.MessageId) != true)
        {
            Store.Enqueue(message);
        }
    }
}

internal sealed class TopicEntity : IMessageSink
{
    private readonly DuplicateDetector? duplicates;
    private readonly Dictionary<string, SubscriptionEntity> subscriptions = new(StringComparer.OrdinalIgnoreCase);

    public TopicEntity(string name, EntityOptions options)
    {
        Name = name;
        Options = options;
        duplicates = DuplicateDetector.For(options);
    }

    public string Name { get; }

    public EntityOptions Options { get; }

    public int MaxMessageSizeBytes => Options.MaxMessageSizeBytes;

    public SubscriptionEntity AddSubscription(string name, SubscriptionFilter? filter, EntityOptions options)
    {
        lock (subscriptions)
        {
            if (subscriptions.ContainsKey(name))
            {
                throw new InvalidOperationException($"Subscription '{Name}/Subscriptions/{name}' already exists.");
            }

            var subscription = new SubscriptionEntity(this, name, filter, options);
            subscriptions.Add(name, subscription);
            return subscription;
        }
    }

    public SubscriptionEntity? FindSubscription(string name)
    {
        lock (subscriptions)
        {
            return subscriptions.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<SubscriptionEntity> Subscriptions
    {
        get
        {
            lock (subscriptions)
            {
                return [.. subscriptions.Values];
            }
        }
    }

    /// <summary>Fan-out: every subscription whose filter matches gets the message; with none, it is dropped.</summary>
    public void Send(MessageContent message)
    {
        if (duplicates?.IsDuplicate(message.MessageId) == true)
        {
            return;
        }

        foreach (var subscription in Subscriptions)
        {
            if (subscription.Filter?.Matches(message.Subject, message.ApplicationProperties) ?? true)
            {
                subscription.Store.Enqueue(message);
            }
        }
    }
}

internal sealed class SubscriptionEntity
{
    public SubscriptionEntity(TopicEntity topic, string name, SubscriptionFilter? filter, EntityOptions options)
    {
        Name = name;
        Filter = filter;
        Options = options;
        Store = new MessageStore($"{topic.Name}/Subscriptions/{name}", () => Options, isDeadLetterQueue: false);
    }

    public string Name { get; }

    public SubscriptionFilter? Filter { get; }

    public EntityOptions Options { get; }

    public MessageStore Store { get; }
}

/// <summary>Remembers MessageIds for the entity's window; a repeat inside it is accepted and dropped.</summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly Dictionary<string, DateTime> seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTime SeenAtUtc)> order = new();

    public static DuplicateDetector? For(EntityOptions options) =>
        options.EffectiveDuplicateDetectionWindow is { } window ? new DuplicateDetector(window) : null;

    public bool IsDuplicate(string? messageId)
    {
        if (messageId is null)
        {
            return false;
        }

        var now = DateTime.UtcNow;
        lock (seen)
        {
            while (order.TryPeek(out var oldest) && now - oldest.SeenAtUtc > window)
            {
                order.Dequeue();
                if (seen.TryGetValue(oldest.MessageId, out var at) && at == oldest.SeenAtUtc)
                {
                    seen.Remove(oldest.MessageId);
                }
            }

            if (seen.ContainsKey(messageId))
            {
                return true;
            }

            seen[messageId] = now;
            order.Enqueue((messageId, now));
            return false;
        }
    }
}
