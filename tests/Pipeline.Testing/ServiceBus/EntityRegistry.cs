namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The broker's namespace: queues and topics by case-insensitive name, and the mapping from AMQP link
/// addresses (<c>/queue</c>, <c>/topic/Subscriptions/sub</c>, <c>…/$DeadLetterQueue</c>, <c>…/$management</c>)
/// to them. Entities survive a broker stop/restart because they live here, not on a connection.
/// </summary>
internal sealed class EntityRegistry
{
    public const string DeadLetterQueueSegment = "$DeadLetterQueue";
    public const string ManagementSegment = "$management";
    private const string SubscriptionsSegment = "Subscriptions";

    private readonly object sync = new();
    private readonly Dictionary<string, QueueEntity> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TopicEntity> topics = new(StringComparer.OrdinalIgnoreCase);

    public void CreateQueue(string name, EntityOptions? options)
    {
        ValidateName(name);
        options ??= new EntityOptions();
        options.Validate();
        lock (sync)
        {
            EnsureFree(name);
            queues.Add(name, new QueueEntity(name, options));
        }
    }

    public void CreateTopic(string name, EntityOptions? options)
    {
        ValidateName(name);
        options ??= new EntityOptions();
        options.Validate();
        lock (sync)
        {
            EnsureFree(name);
            topics.Add(name, new TopicEntity(name, options));
        }
    }

    public void CreateSubscription(string topicName, string name, SubscriptionFilter? filter, EntityOptions? options)
    {
        ValidateName(name);
        options ??= new EntityOptions();
        options.Validate();
        TopicEntity? topic;
        lock (sync)
        {
            topics.TryGetValue(topicName, out topic);
        }

        if (topic is null)
        {
            throw new InvalidOperationException($"Topic '{topicName}' does not exist.");
        }

        topic.AddSubscription(name, filter, options);
    }

    /// <summary>Every store (with its dead-letter queue reachable through it), for the lock timer and stop.</summary>
    public IReadOnlyList<MessageStore> AllStores()
    {
        lock (sync)
        {
            return
            [
                .. queues.Values.Select(q => q.Store),
                .. topics.Values.SelectMany(t => t.Subscriptions).Select(s => s.Store),
            ];
        }
    }

    /// <summary>The queue or topic a sender link targets, or null.</summary>
    public IMessageSink? FindSink(string? address)
    {
        var segments = Split(address);
        if (segments.Length != 1)
        {
            return null;
        }

        lock (sync)
        {
            return queues.TryGetValue(segments[0], out var queue) ? queue
                : topics.TryGetValue(segments[0], out var topic) ? topic
                : null;
        }
    }

    /// <summary>The store a receiver link reads from, or null.</summary>
    public MessageStore? FindStore(string? address) => FindStore(Split(address));

    /// <summary>
    /// What a <c>…/$management</c> address refers to: a store for receiver operations (peek, renew-lock,
    /// update-disposition) and/or a sink for sender operations. Null when the entity does not exist.
    /// </summary>
    public (MessageStore? Store, IMessageSink? Sink)? FindManagementTarget(string? address)
    {
        var segments = Split(address);
        if (segments.Length < 2 || !segments[^1].Equals(ManagementSegment, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var entity = segments[..^1];
        var store = FindStore(entity);
        var sink = entity.Length == 1 ? FindSink(entity[0]) : null;
        return store is null && sink is null ? null : (store, sink);
    }

    public static bool IsManagementAddress(string? address)
    {
        var segments = Split(address);
        return segments.Length >= 2 && segments[^1].Equals(ManagementSegment, StringComparison.OrdinalIgnoreCase);
    }

    private MessageStore? FindStore(string[] segments)
    {
        var deadLetter = segments.Length > 0 && segments[^1].Equals(DeadLetterQueueSegment, StringComparison.OrdinalIgnoreCase);
        if (deadLetter)
        {
            segments = segments[..^1];
        }

        MessageStore? store = null;
        lock (sync)
        {
            if (segments.Length == 1 && queues.TryGetValue(segments[0], out var queue))
            {
                store = queue.Store;
            }
            else if (segments.Length == 3
                && segments[1].Equals(SubscriptionsSegment, StringComparison.OrdinalIgnoreCase)
                && topics.TryGetValue(segments[0], out var topic))
            {
                store = topic.FindSubscription(segments[2])?.Store;
            }
        }

        return deadLetter ? store?.DeadLetter : store;
    }

    // Addresses arrive as "/queue", "queue" or a full "amqp://host/queue" URI.
    private static string[] Split(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return [];
        }

        if (address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            address = uri.AbsolutePath;
        }

        return Uri.UnescapeDataString(address).Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private void EnsureFree(string name)
    {
        if (queues.ContainsKey(name) || topics.ContainsKey(name))
        {
            throw new InvalidOperationException($"An entity named '{name}' already exists.");
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith('$'))
        {
            throw new ArgumentException($"'{name}' is not a supported entity name (no '/' and no leading '$').", nameof(name));
        }
    }
}
