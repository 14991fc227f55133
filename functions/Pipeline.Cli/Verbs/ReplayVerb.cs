using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Verbs;

/// <summary><c>replay</c>: ingest every blob in uploads again, in name order, ignoring earlier receipts (after a rules change).</summary>
public static class ReplayVerb
{
    public static async Task<int> RunAsync(Invocation invocation, TextWriter stdout, CancellationToken cancellationToken)
    {
        var configuration = CliServices.Environment();
        CliServices.RequireStorage(configuration);
        await using var services = CliServices.Create(configuration, invocation.Verbose);
        var storage = services.GetRequiredService<PipelineStorage>();
        var processing = services.GetRequiredService<UploadProcessing>();
        await storage.EnsureCreatedAsync();
        var names = await storage.Uploads.GetBlobsAsync(cancellationToken: cancellationToken).Select(b => b.Name).ToListAsync(cancellationToken);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var processed = await processing.ProcessAsync(name, force: true, cancellationToken: cancellationToken);
            await stdout.WriteLineAsync(IngestVerb.Describe(processed));
        }

        await stdout.WriteLineAsync($"{names.Count} upload(s) replayed");
        return ExitCodes.Success;
    }
}
