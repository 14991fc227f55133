namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// Settings of one queue, topic or subscription of <see cref="ServiceBusTestBroker"/>; the names follow the
/// Service Bus entity properties they imitate.
/// </summary>
/// <param name="MaxMessageSizeBytes">Largest message (or batch) accepted; advertised to senders on attach. Queues and topics only.</param>
/// <param name="LockDuration">Peek-lock duration; 30 seconds when null. Queues and subscriptions only.</param>
/// <param name="MaxDeliveryCount">Deliveries after which a message moves to the dead-letter queue. Queues and subscriptions only.</param>
/// <param name="DuplicateDetectionWindow">How long a MessageId is remembered; setting it turns duplicate detection on. Queues and topics only.</param>
/// <param name="RequiresDuplicateDetection">Turns duplicate detection on with the 10-minute default window.</param>
public sealed record EntityOptions(
    int MaxMessageSizeBytes = 262144,
    TimeSpan? LockDuration = null,
    int MaxDeliveryCount = 10,
    TimeSpan? DuplicateDetectionWindow = null,
    bool RequiresDuplicateDetection = false)
{
    public static TimeSpan DefaultLockDuration { get; } = TimeSpan.FromSeconds(30);

    public static TimeSpan DefaultDuplicateDetectionWindow { get; } = TimeSpan.FromMinutes(10);

    internal TimeSpan EffectiveLockDuration => LockDuration ?? DefaultLockDuration;

    /// <summary>Null when duplicate detection is off.</summary>
    internal TimeSpan? EffectiveDuplicateDetectionWindow =>
        RequiresDuplicateDetection || DuplicateDetectionWindow is not null
            ? DuplicateDetectionWindow ?? DefaultDuplicateDetectionWindow
            : null;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSizeBytes, 1024, nameof(MaxMessageSizeBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeliveryCount, 1, nameof(MaxDeliveryCount));
        if (LockDuration is { } lockDuration && lockDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockDuration), lockDuration, "Lock duration must be positive.");
        }

        if (DuplicateDetectionWindow is { } window && window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateDetectionWindow), window, "Window must be positive.");
        }
    }
}

/// <summary>
/// A correlation-style subscription filter: a message matches when its Subject equals <paramref name="Subject"/>
/// (if set) and every entry of <paramref name="Properties"/> equals the message's application property of that
/// name. A subscription without a filter receives every message sent to its topic.
/// </summary>
public sealed record SubscriptionFilter(string? Subject = null, IReadOnlyDictionary<string, object>? Properties = null)
{
    internal bool Matches(string? subject, IReadOnlyDictionary<string, object?> applicationProperties)
    {
        if (Subject is not null && !string.Equals(Subject, subject, StringComparison.Ordinal))
        {
            return false;
        }

        if (Properties is null)
        {
            return true;
        }

        foreach (var (name, expected) in Properties)
        {
            if (!applicationProperties.TryGetValue(name, out var actual) || !ValuesEqual(expected, actual))
            {
                return false;
            }
        }

        return true;
    }

    // Application properties come back from the wire with their AMQP type (an int sent as long stays long),
    // so numbers compare by value rather than by CLR type.
    private static bool ValuesEqual(object expected, object? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (IsNumber(expected) && IsNumber(actual))
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            return expected is double or float || actual is double or float
                ? Convert.ToDouble(expected, culture) == Convert.ToDouble(actual, culture)
                : Convert.ToDecimal(expected, culture) == Convert.ToDecimal(actual, culture);
        }

        return expected.Equals(actual);
    }

    private static bool IsNumber(object value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or decimal or double or float;
}
