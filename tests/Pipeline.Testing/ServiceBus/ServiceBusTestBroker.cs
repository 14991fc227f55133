using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// A small in-process AMQP 1.0 broker that speaks enough of the Service Bus protocol for the unmodified
/// Azure.Messaging.ServiceBus client to send, receive, settle and peek over a real TCP connection on 127.0.0.1.
/// It is a protocol-level stand-in for integration tests and local runs (the official emulator needs Docker),
/// not a product: everything is kept in memory, nothing is authenticated, and only the features listed below
/// are imitated.
/// </summary>
/// <remarks>
/// <para>Imitated: queues; topics fanning out to subscriptions with optional correlation-style filters; peek-lock
/// with complete, abandon, dead-letter, lock expiry and lock renewal; receive-and-delete; delivery counts and
/// max-delivery-count dead-lettering; dead-letter sub-queues; per-entity max message size; duplicate detection;
/// scheduled enqueue time set on the message; peek. Entity names are case-insensitive.</para>
/// <para>Not imitated: sessions, transactions, deferral, schedule/cancel through the management API, message
/// time-to-live, auto-forwarding, SQL filters and rule management, authorization, TLS and WebSockets.</para>
/// <para>Create entities before clients use them: an unknown entity fails the client's link with
/// MessagingEntityNotFound, as Service Bus does.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var broker = await ServiceBusTestBroker.StartAsync();
/// broker.CreateTopic("summaries");
/// broker.CreateSubscription("summaries", "all");
/// broker.CreateSubscription("summaries", "errors", new SubscriptionFilter(Subject: "error"));
/// await using var client = new ServiceBusClient(broker.ConnectionString);
/// </code>
/// </example>
public sealed class ServiceBusTestBroker : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly EntityRegistry registry = new();
    private readonly BrokerHost host;
    private readonly Timer sweeper;
    private readonly object stateLock = new();
    private bool running;
    private bool disposed;

    private ServiceBusTestBroker(int port)
    {
        Port = port;
        host = new BrokerHost(registry);
        sweeper = new Timer(_ => Sweep(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The TCP port on 127.0.0.1; stays the same across <see cref="StopAsync"/>/<see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>
    /// A connection string the Service Bus client accepts; <c>UseDevelopmentEmulator=true</c> makes it use plain
    /// AMQP (no TLS) on <see cref="Port"/>. The key is not checked.
    /// </summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true";

    /// <summary>Starts a broker listening on 127.0.0.1:<paramref name="port"/>; 0 picks a free port.</summary>
    public static Task<ServiceBusTestBroker> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        cancellationToken.ThrowIfCancellationRequested();

        // A free port is found by binding a probe socket; another process could take it before the listener
        // binds, so that rare case is retried with a new port.
        for (var attempt = 1; ; attempt++)
        {
            var broker = new ServiceBusTestBroker(port == 0 ? FindFreePort() : port);
            try
            {
                broker.Listen();
                return Task.FromResult(broker);
            }
            catch (SocketException) when (port == 0 && attempt < 5)
            {
                broker.sweeper.Dispose();
            }
            catch
            {
                broker.sweeper.Dispose();
                throw;
            }
        }
    }

    /// <summary>Creates a queue. Throws if an entity with that name already exists.</summary>
    public void CreateQueue(string name, EntityOptions? options = null) => registry.CreateQueue(name, options);

    /// <summary>
    /// Creates a topic. Give it subscriptions with <see cref="CreateSubscription"/> before sending: a message sent
    /// to a topic that no subscription matches is dropped, as in Service Bus.
    /// </summary>
    public void CreateTopic(string name, EntityOptions? options = null) => registry.CreateTopic(name, options);

    /// <summary>
    /// Creates a subscription of <paramref name="topic"/>, receiving a copy of each message that
    /// <paramref name="filter"/> matches (all messages when null). Of <paramref name="options"/>, the lock duration
    /// and max delivery count apply; size limit and duplicate detection are the topic's.
    /// </summary>
    public void CreateSubscription(string topic, string name, SubscriptionFilter? filter = null, EntityOptions? options = null) =>
        registry.CreateSubscription(topic, name, filter, options);

    /// <summary>
    /// Simulates an outage: closes the listener and drops every connection without an AMQP close, so clients see
    /// a broken connection. Entities and messages are kept; locks are released.
    /// </summary>
    public Task StopAsync()
    {
        lock (stateLock)
        {
            if (!running)
            {
                return Task.CompletedTask;
            }

            running = false;
            sweeper.Change(Timeout.Infinite, Timeout.Infinite);
            host.Stop();
        }

        foreach (var store in registry.AllStores())
        {
            store.ReleaseAllLocks();
        }

        return Task.CompletedTask;
    }

    /// <summary>Listens again on the same port after <see cref="StopAsync"/>; a no-op while running.</summary>
    public Task RestartAsync()
    {
        Listen();
        return Task.CompletedTask;
    }

    /// <summary>Closes the listener and all connections and stops the lock timer.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (stateLock)
        {
            disposed = true;
        }

        await sweeper.DisposeAsync().ConfigureAwait(false);
    }

    private void Listen()
    {
        lock (stateLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (running)
            {
                return;
            }

            host.Listen(Port);
            running = true;
            sweeper.Change(SweepInterval, SweepInterval);
        }
    }

    // Lock expiry and scheduled messages are driven by one timer rather than one per message.
    private void Sweep()
    {
        try
        {
            var now = DateTime.UtcNow;
            foreach (var store in registry.AllStores())
            {
                store.Sweep(now);
            }
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: lock sweep failed: {ex}");
        }
    }

    private static int FindFreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
