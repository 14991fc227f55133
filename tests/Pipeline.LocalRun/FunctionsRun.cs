using System.Text.Json;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Cli.Verbs;
using Pipeline.FunctionsHost;

namespace Pipeline.LocalRun;

/// <summary>
/// <c>pipeline-local functions --app DIR --input DIR --out DIR</c>: the samples through the real functions app, as
/// Azure runs it, on a machine without Core Tools. The built app runs as its own worker process under the host
/// stand-in, with <c>local.settings.sample.json</c>'s values as its app settings and the local services' connections;
/// every file is uploaded to <c>uploads</c> and its blob event delivered to the worker, whose log lines are printed as
/// the host would show them; then the report site is copied to OUT.
/// </summary>
public static class FunctionsRun
{
    public static async Task<int> RunAsync(string app, string input, string output, LocalServices local, TextWriter stdout, TextWriter stderr)
    {
        var settings = AppSettings(local.Configuration);
        await using var services = CliServices.Create(local.Configuration, verbose: false);
        var storage = services.GetRequiredService<PipelineStorage>();
        await storage.EnsureCreatedAsync();
        await using var host = await FunctionsHostStandIn.StartAsync(Path.GetFullPath(app), settings);
        await stdout.WriteLineAsync($"worker started: {string.Join(", ", host.Functions.Keys.Order(StringComparer.Ordinal))}");

        var failed = 0;
        var root = new DirectoryInfo(input);
        foreach (var file in root.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => Relative(root, f), StringComparer.Ordinal))
        {
            var blobPath = Relative(root, file);
            await using (var content = file.OpenRead())
            {
                await services.GetRequiredService<OrderedUploads>().UploadAsync(storage.Uploads.GetBlobClient(blobPath), content, CancellationToken.None);
            }

            var invocation = await host.BlobCreatedAsync(storage.Options.UploadsContainer, blobPath);
            foreach (var log in invocation.Logs.Where(l => l.Level >= RpcLog.Types.Level.Information))
            {
                await stdout.WriteLineAsync($"  [{log.Level}] {log.Category}: {log.Message}");
            }

            failed += invocation.Succeeded ? 0 : 1;
            await stdout.WriteLineAsync(invocation.Succeeded
                ? $"{blobPath}: IngestUpload succeeded"
                : $"{blobPath}: IngestUpload failed, the host would retry it: {invocation.Response.Result.Exception?.Message}");
        }

        foreach (var receipt in await services.GetRequiredService<ReceiptStore>().AllAsync(CancellationToken.None))
        {
            await stdout.WriteLineAsync($"receipt {receipt.File}: {receipt.Status.ToString().ToLowerInvariant()}, {receipt.Rows} row(s), {receipt.Findings} finding(s)");
        }

        var site = await RunVerb.DownloadSiteAsync(storage, Path.Combine(output, "site"), CancellationToken.None);
        await stdout.WriteLineAsync($"report: {Path.Combine(site, "reports", "index.html")}");
        foreach (var error in host.Stream.ProtocolErrors)
        {
            await stderr.WriteLineAsync($"pipeline-local: protocol: {error}");
        }

        return failed > 0 || host.Stream.ProtocolErrors.Count > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>The sample's local settings, as a developer's local.settings.json would give them, with the local services' connections over them.</summary>
    private static Dictionary<string, string?> AppSettings(IConfiguration configuration)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json");
        using var document = JsonDocument.Parse(File.ReadAllText(sample));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(v => v.Name, v => (string?)v.Value.GetString());
        foreach (var name in new[] { "Storage", "ServiceBus" })
        {
            settings[name] = configuration[name];
        }

        return settings;
    }

    private static string Relative(DirectoryInfo root, FileInfo file) =>
        Path.GetRelativePath(root.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
}
