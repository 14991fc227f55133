using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.Testing.ServiceBus;

[assembly: AssemblyFixture(typeof(ServiceBusTestEnvironment))]

namespace Pipeline.IntegrationTests.ServiceBus;

/// <summary>
/// The Service Bus namespace the integration tests run against, shared by the whole test run. By default it is
/// one in-process <see cref="ServiceBusTestBroker"/>; when <c>PIPELINE_TEST_SERVICEBUS</c> holds a connection
/// string (with Manage rights), the same tests run against that real namespace instead, with the entities created
/// through <see cref="ServiceBusAdministrationClient"/> and deleted at the end of the run.
/// </summary>
public sealed class ServiceBusTestEnvironment : IAsyncLifetime
{
    public const string ConnectionStringVariable = "PIPELINE_TEST_SERVICEBUS";

    // Service Bus' own lower limits; the broker accepts shorter values, which keeps local runs fast.
    private static readonly TimeSpan AzureMinLockDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AzureMinDuplicateWindow = TimeSpan.FromSeconds(20);

    private readonly List<string> createdQueues = [];
    private readonly List<string> createdTopics = [];
    private ServiceBusTestBroker? broker;
    private ServiceBusAdministrationClient? administration;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>True when the tests talk to the in-process broker rather than a real namespace.</summary>
    public bool IsEmulated => broker is not null;

    /// <summary>
    /// Client options with short retries and try-timeouts, so that a failure surfaces in seconds rather than
    /// after the client's default minute of retrying.
    /// </summary>
    public static ServiceBusClientOptions FastFailingOptions(int maxRetries = 2) => new()
    {
        RetryOptions = new ServiceBusRetryOptions
        {
            Mode = ServiceBusRetryMode.Fixed,
            MaxRetries = maxRetries,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            TryTimeout = TimeSpan.FromSeconds(10),
        },
    };

    public ServiceBusClient CreateClient() => new(ConnectionString, FastFailingOptions());

    public async ValueTask InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            administration = new ServiceBusAdministrationClient(connectionString);
            ConnectionString = connectionString;
            return;
        }

        broker = await ServiceBusTestBroker.StartAsync();
        ConnectionString = broker.ConnectionString;
    }

    /// <summary>Creates a queue with a unique name starting with <paramref name="prefix"/> and returns the name.</summary>
    public async Task<string> CreateQueueAsync(string prefix, EntityOptions? options = null)
    {
        var name = UniqueName(prefix);
        options ??= new EntityOptions();
        if (administration is null)
        {
            broker!.CreateQueue(name, options);
            return name;
        }

        var queue = new CreateQueueOptions(name)
        {
            MaxDeliveryCount = options.MaxDeliveryCount,
            LockDuration = Max(options.LockDuration ?? EntityOptions.DefaultLockDuration, AzureMinLockDuration),
        };
        ApplyDuplicateDetection(options, window =>
        {
            queue.RequiresDuplicateDetection = true;
            queue.DuplicateDetectionHistoryTimeWindow = window;
        });
        if (options.MaxMessageSizeBytes != new EntityOptions().MaxMessageSizeBytes)
        {
            queue.MaxMessageSizeInKilobytes = options.MaxMessageSizeBytes / 1024; // Premium namespaces only.
        }

        await administration.CreateQueueAsync(queue);
        lock (createdQueues)
        {
            createdQueues.Add(name);
        }

        return name;
    }

    /// <summary>
    /// Creates a topic with a unique name starting with <paramref name="prefix"/> and the given subscriptions
    /// (a null filter receives everything); returns the topic name.
    /// </summary>
    public Task<string> CreateTopicAsync(string prefix, params (string Name, SubscriptionFilter? Filter)[] subscriptions) =>
        CreateTopicAsync(prefix, options: null, subscriptions);

    public async Task<string> CreateTopicAsync(
        string prefix, EntityOptions? options, params (string Name, SubscriptionFilter? Filter)[] subscriptions)
    {
        var name = UniqueName(prefix);
        options ??= new EntityOptions();
        if (administration is null)
        {
            broker!.CreateTopic(name, options);
            foreach (var (subscription, filter) in subscriptions)
            {
                broker.CreateSubscription(name, subscription, filter, options);
            }

            return name;
        }

        var topic = new CreateTopicOptions(name);
        ApplyDuplicateDetection(options, window =>
        {
            topic.RequiresDuplicateDetection = true;
            topic.DuplicateDetectionHistoryTimeWindow = window;
        });
        await administration.CreateTopicAsync(topic);
        lock (createdTopics)
        {
            createdTopics.Add(name);
        }

        foreach (var (subscription, filter) in subscriptions)
        {
            var subscriptionOptions = new CreateSubscriptionOptions(name, subscription)
            {
                MaxDeliveryCount = options.MaxDeliveryCount,
                LockDuration = Max(options.LockDuration ?? EntityOptions.DefaultLockDuration, AzureMinLockDuration),
            };
            if (filter is null)
            {
                await administration.CreateSubscriptionAsync(subscriptionOptions);
                continue;
            }

            var correlation = new CorrelationRuleFilter { Subject = filter.Subject };
            foreach (var (key, value) in filter.Properties ?? new Dictionary<string, object>())
            {
                correlation.ApplicationProperties[key] = value;
            }

            await administration.CreateSubscriptionAsync(subscriptionOptions, new CreateRuleOptions("filter", correlation));
        }

        return name;
    }

    public async ValueTask DisposeAsync()
    {
        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        if (administration is not null)
        {
            // Best effort: a leftover test entity is untidy but harmless.
            foreach (var queue in createdQueues)
            {
                await Ignore(administration.DeleteQueueAsync(queue));
            }

            foreach (var topic in createdTopics)
            {
                await Ignore(administration.DeleteTopicAsync(topic));
            }
        }
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 50)];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void ApplyDuplicateDetection(EntityOptions options, Action<TimeSpan> apply)
    {
        if (options.RequiresDuplicateDetection || options.DuplicateDetectionWindow is not null)
        {
            apply(Max(options.DuplicateDetectionWindow ?? EntityOptions.DefaultDuplicateDetectionWindow, AzureMinDuplicateWindow));
        }
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Cleanup only.
        }
    }
}
