using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>replay [--period P]</c>: ingest every blob in uploads again, in upload order, ignoring earlier receipts (after a
/// rules change, or after a reopen to apply the files refused while the period was closed). With a period, only the
/// uploads in its folders or whose receipts name it. A correction the district dismissed is left out.
/// </summary>
public static class ReplayVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, ProgressLine progress, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var storage = services.GetRequiredService<PipelineStorage>();
        var processing = services.GetRequiredService<UploadProcessing>();
        await storage.EnsureCreatedAsync();
        // In upload order, so the figures end as they were; the latest upload of a slice would win in any order.
        var uploads = await storage.Uploads.GetBlobsAsync(cancellationToken: cancellationToken)
            .Select(b => new Upload(b.Name, b.Properties.LastModified ?? default, b.Properties.ETag?.ToString().Trim('"') ?? ""))
            .ToListAsync(cancellationToken);
        if (invocation.Period is { } period)
        {
            var named = (await services.GetRequiredService<ReceiptStore>().AllAsync(cancellationToken))
                .Where(r => r.Periods.Contains(period)).Select(r => r.File).ToHashSet(StringComparer.Ordinal);
            uploads = [.. uploads.Where(u => named.Contains(u.File) || UploadSource.ForBlob(u.File).FallbackPeriod == period)];
        }

        var dismissals = (await services.GetRequiredService<SliceStore>().ReadManifestsAsync(cancellationToken)).SelectMany(m => m.Review.Dismissals).ToList();
        foreach (var dismissed in uploads.Where(u => dismissals.Any(d => d.Covers(u.File, u.At))).Order())
        {
            await stdout.WriteLineAsync($"{dismissed.File}: left out, dismissed by the district ({dismissals.Last(d => d.Covers(dismissed.File, dismissed.At)).Reason})");
        }

        var names = uploads.Where(u => !dismissals.Any(d => d.Covers(u.File, u.At))).Order().Select(u => u.File).ToList();
        foreach (var (index, name) in names.Index())
        {
            progress.Report("replay", "upload", index + 1, names.Count);
            var processed = await processing.ProcessAsync(name, force: true, cancellationToken: cancellationToken,
                rowsRead: progress.RowsOf("replay", index + 1, names.Count));
            progress.Clear();
            await stdout.WriteLineAsync(IngestVerb.Describe(processed));
            await IngestVerb.WriteRejectionAsync(processed, storage, stdout);
        }

        await stdout.WriteLineAsync($"{names.Count} upload(s) replayed");
        return ExitCodes.Success;
    }
}
