using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests.Storage;

/// <summary>
/// A storage account that can go away and come back: TCP forwarders on 127.0.0.1 in front of the blob and table
/// endpoints of the test account. <see cref="Stop"/> drops every open connection and refuses new ones, as an outage
/// does; <see cref="Restart"/> accepts again on the same ports. The data stays, since the account itself keeps running.
/// </summary>
public sealed partial class StorageOutage : IAsyncDisposable
{
    private readonly List<Forwarder> _forwarders;

    private StorageOutage(string connectionString, List<Forwarder> forwarders)
    {
        ConnectionString = connectionString;
        _forwarders = forwarders;
    }

    /// <summary>The account's connection string with its blob and table endpoints pointing at the forwarders.</summary>
    public string ConnectionString { get; }

    public static StorageOutage Start(string connectionString)
    {
        var forwarders = new List<Forwarder>();
        var proxied = Endpoint().Replace(connectionString, match =>
        {
            var forwarder = new Forwarder(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            forwarders.Add(forwarder);
            return $"{match.Groups["name"].Value}=http://127.0.0.1:{forwarder.Port}/";
        });
        return new StorageOutage(proxied, forwarders);
    }

    public void Stop() => _forwarders.ForEach(f => f.Stop());

    public void Restart() => _forwarders.ForEach(f => f.Start());

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"(?<name>BlobEndpoint|TableEndpoint)=http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex Endpoint();

    private sealed class Forwarder
    {
        private readonly int _target;
        private readonly Lock _lock = new();
        private readonly List<TcpClient> _open = [];
        private TcpListener? _listener;

        public Forwarder(int target)
        {
            _target = target;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Start();
        }

        public int Port { get; }

        public void Start()
        {
            lock (_lock)
            {
                if (_listener is not null)
                {
                    return;
                }

                _listener = new TcpListener(IPAddress.Loopback, Port);
                _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _listener.Start();
                _ = AcceptAsync(_listener);
            }
        }

        public void Stop()
        {
            lock (_lock)
            {
                _listener?.Stop();
                _listener = null;
                foreach (var client in _open)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // reset, not a polite close
                    client.Dispose();
                }

                _open.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (true)
            {
                TcpClient inbound;
                try
                {
                    inbound = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // stopped
                }

                _ = ForwardAsync(inbound);
            }
        }

        private async Task ForwardAsync(TcpClient inbound)
        {
            var outbound = new TcpClient();
            lock (_lock)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _target);
                using var cancel = new CancellationTokenSource();
                var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), cancel.Token);
                var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), cancel.Token);
                await Task.WhenAny(up, down);
                await cancel.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // The outage, or one side closed: both sides go.
            }
            finally
            {
                lock (_lock)
                {
                    _open.Remove(inbound);
                    _open.Remove(outbound);
                }

                inbound.Dispose();
                outbound.Dispose();
            }
        }
    }
}
