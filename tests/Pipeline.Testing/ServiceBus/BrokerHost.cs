using System.Diagnostics;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The AMQP side of the broker: the TCP listener on 127.0.0.1 (plain, no TLS), SASL with the <c>MSSBCBS</c>
/// mechanism the Service Bus client offers, the open connections, and the routing of each attached link to the
/// entity, <c>$cbs</c> or <c>$management</c> it names.
/// </summary>
internal sealed class BrokerHost : IRuntimeProvider
{
    private const uint MaxFrameSize = 64 * 1024;

    private readonly EntityRegistry registry;
    private readonly AmqpSettings settings;
    private readonly RequestResponseNode cbs = new();
    private readonly RequestResponseNode management = new();
    private readonly HashSet<AmqpConnection> connections = [];
    private AmqpTransportListener? listener;

    public BrokerHost(EntityRegistry registry)
    {
        this.registry = registry;
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings = new AmqpSettings { RuntimeProvider = this };
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);
    }

    public void Listen(int port)
    {
        var tcp = new TcpTransportSettings { Host = "127.0.0.1", Port = port };
        var newListener = new AmqpTransportListener([tcp.CreateListener()], settings);
        lock (connections)
        {
            listener = newListener;
        }

        try
        {
            newListener.Listen(OnAcceptTransport);
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>Drops the listener and every connection without a goodbye, like a network outage.</summary>
    public void Stop()
    {
        AmqpTransportListener? stopped;
        AmqpConnection[] open;
        lock (connections)
        {
            stopped = listener;
            listener = null;
            open = [.. connections];
            connections.Clear();
        }

        stopped?.Abort();
        foreach (var connection in open)
        {
            connection.Abort();
        }
    }

    AmqpConnection IConnectionFactory.CreateConnection(
        TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    AmqpSession ISessionFactory.CreateSession(AmqpConnection connection, AmqpSessionSettings sessionSettings) =>
        new(connection, sessionSettings, this);

    AmqpLink ILinkFactory.CreateLink(AmqpSession session, AmqpLinkSettings linkSettings)
    {
        // Settings describe the broker's end: Role true = the broker receives, i.e. the client sends.
        if (linkSettings.Role == true)
        {
            var address = (linkSettings.Target as Target)?.Address?.ToString();
            if (registry.FindSink(address) is { } sink)
            {
                // Without max-message-size on the attach, the client treats every send as too large.
                linkSettings.MaxMessageSize = (ulong)sink.MaxMessageSizeBytes;
            }

            return new ReceivingAmqpLink(session, linkSettings);
        }

        return new SendingAmqpLink(session, linkSettings);
    }

    IAsyncResult ILinkFactory.BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var completion = new TaskCompletionSource(state);
        try
        {
            OpenLink(link);
            completion.SetResult();
        }
        catch (Exception ex)
        {
            // Surfaces to the client as a refused attach carrying the error (amqp:not-found for unknown entities).
            completion.SetException(ex);
        }

        callback?.Invoke(completion.Task);
        return completion.Task;
    }

    void ILinkFactory.EndOpenLink(IAsyncResult result) => ((Task)result).GetAwaiter().GetResult();

    private void OpenLink(AmqpLink link)
    {
        if (link is ReceivingAmqpLink incoming)
        {
            if (link.Settings.Target is not Target target)
            {
                throw new AmqpException(AmqpErrorCode.NotImplemented, "Transactions are not supported by the test broker.");
            }

            var address = target.Address?.ToString();
            if (address == CbsNode.Address)
            {
                cbs.AttachRequestLink(incoming, CbsNode.Handle);
            }
            else if (EntityRegistry.IsManagementAddress(address))
            {
                var (store, _) = registry.FindManagementTarget(address) ?? throw NotFound(address);
                management.AttachRequestLink(incoming, request => ManagementNode.Handle(request, store));
            }
            else
            {
                IncomingMessageLink.Attach(incoming, registry.FindSink(address) ?? throw NotFound(address));
            }

            return;
        }

        var outgoing = (SendingAmqpLink)link;
        var source = (link.Settings.Source as Source)?.Address?.ToString();
        if (source == CbsNode.Address)
        {
            cbs.AttachReplyLink(outgoing);
        }
        else if (EntityRegistry.IsManagementAddress(source))
        {
            _ = registry.FindManagementTarget(source) ?? throw NotFound(source);
            management.AttachReplyLink(outgoing);
        }
        else
        {
            var store = registry.FindStore(source) ?? throw NotFound(source);
            if ((link.Settings.Source as Source)?.FilterSet is { Count: > 0 } filters
                && filters.Any(filter => filter.Key.Key.ToString()!.Contains("session", StringComparison.OrdinalIgnoreCase)))
            {
                // Without this, a session receiver would silently get messages of every session.
                throw new AmqpException(AmqpErrorCode.NotImplemented, "Sessions are not supported by the test broker.");
            }

            Consumer.Attach(outgoing, store);
        }
    }

    private static AmqpException NotFound(string? address) => new(
        AmqpErrorCode.NotFound,
        $"The messaging entity '{address}' could not be found. Create it on the ServiceBusTestBroker first.");

    private void OnAcceptTransport(TransportListener innerListener, TransportAsyncCallbackArgs args)
    {
        AmqpConnection? connection = null;
        try
        {
            var connectionSettings = new AmqpConnectionSettings
            {
                ContainerId = "pipeline-servicebus-test-broker",
                MaxFrameSize = MaxFrameSize,
            };
            connection = new AmqpConnection(args.Transport, (ProtocolHeader)args.UserToken, false, settings, connectionSettings);
            lock (connections)
            {
                if (listener is null)
                {
                    // Accepted just as the broker stopped.
                    connection.Abort();
                    return;
                }

                connections.Add(connection);
            }

            connection.SafeAddClosed(OnConnectionClosed);
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnConnectionOpened, connection);
        }
        catch (Exception ex)
        {
            Trace.TraceWarning($"ServiceBusTestBroker: accepting a connection failed: {ex.Message}");
            if (connection is not null)
            {
                connection.Abort();
            }
            else
            {
                args.Transport?.Abort();
            }
        }
    }

    private static void OnConnectionOpened(IAsyncResult result)
    {
        var connection = (AmqpConnection)result.AsyncState!;
        try
        {
            connection.EndOpen(result);
        }
        catch (Exception ex)
        {
            Trace.TraceWarning($"ServiceBusTestBroker: opening a connection failed: {ex.Message}");
            connection.Abort();
        }
    }

    private void OnConnectionClosed(object? sender, EventArgs e)
    {
        lock (connections)
        {
            connections.Remove((AmqpConnection)sender!);
        }
    }
}
