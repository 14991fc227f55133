using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.FunctionsHost;

/// <summary>A stand-in's web server: Kestrel on a free port of 127.0.0.1, quiet, started with the endpoints it maps.</summary>
public static class LoopbackServer
{
    /// <returns>The started server and its base address (no trailing slash).</returns>
    public static async Task<(WebApplication Server, Uri Address)> StartAsync(
        Action<WebApplication> map, CancellationToken cancellationToken, HttpProtocols protocols = HttpProtocols.Http1AndHttp2,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        services?.Invoke(builder.Services);
        var server = builder.Build();
        map(server);
        await server.StartAsync(cancellationToken);
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (server, new Uri(address.TrimEnd('/')));
    }
}
