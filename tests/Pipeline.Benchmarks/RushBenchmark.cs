using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.Forms;

namespace Pipeline.Benchmarks;

/// <summary>
/// The deadline evening: all 22 streets upload a roster and a counts sheet at once, with every street's previous month
/// loaded. Measures the time until every figure and page is final against one upload alone, and each upload's latency
/// from upload to updated report (p50, p95); then checks every street's figures against the files, computed in memory.
/// </summary>
public sealed class RushBenchmark(string storageConnection, int compoundsPerStreet, TextWriter output)
{
    private const string Previous = "2020-11";
    private const string Period = "2020-12";
    private const string Next = "2021-01";

    public async Task RunAsync()
    {
        var registry = DivisionRegistry.Builtin("110115")!;
        await using var services = ServiceSetup.Create(storageConnection, registry);
        var storage = services.GetRequiredService<PipelineStorage>();
        var processing = services.GetRequiredService<UploadProcessing>();
        await storage.EnsureCreatedAsync();

        // The previous month, for every street (untimed): what the plausibility checks and the report compare with.
        foreach (var street in registry.Streets)
        {
            foreach (var (name, content) in Files(street.Name, 0))
            {
                await UploadAsync(storage, $"{Previous}/{name}", content);
                await processing.ProcessAsync($"{Previous}/{name}");
            }
        }

        // One upload alone (median of three streets, each its roster then its counts, timed one by one).
        var alone = new List<TimeSpan>();
        foreach (var street in registry.Streets.Take(3))
        {
            foreach (var (name, content) in Files(street.Name, 1))
            {
                await UploadAsync(storage, $"{Period}/{name}", content);
                var watch = Stopwatch.StartNew();
                await processing.ProcessAsync($"{Period}/{name}");
                alone.Add(watch.Elapsed);
            }
        }

        // The rush: the other streets' files all arrive at once and are processed side by side.
        var rush = registry.Streets.Skip(3).SelectMany(s => Files(s.Name, 1)).ToList();
        foreach (var (name, content) in rush)
        {
            await UploadAsync(storage, $"{Period}/{name}", content);
        }

        // A reader's view: the period page's summary.json, polled; an upload's figures are on the page once the page
        // shows the revision its recompute made or a later one.
        var shown = new List<(TimeSpan At, long Revision)>();
        using var polling = new CancellationTokenSource();
        var start = Stopwatch.StartNew();
        var poller = PollReportAsync(storage, start, shown, polling.Token);
        var processed = await Task.WhenAll(rush.Select(file => Task.Run(async () =>
            (await processing.ProcessAsync($"{Period}/{file.Name}")).Periods.Single().Revision)));
        var total = start.Elapsed;
        await polling.CancelAsync();
        await poller;
        var final = await ShownRevisionAsync(storage);
        if (final != processed.Max())
        {
            throw new InvalidOperationException($"The report shows revision {final}, the figures are at {processed.Max()}.");
        }

        shown.Add((total, final));
        var latencies = processed.Select(revision => shown.First(s => s.Revision >= revision).At).ToList();

        // The floor: the same files ingested side by side into the next month, without recompute or publish.
        var ingestion = services.GetRequiredService<UploadIngestion>();
        foreach (var (name, content) in rush)
        {
            await UploadAsync(storage, $"{Next}/{name}", content);
        }

        var floorWatch = Stopwatch.StartNew();
        await Task.WhenAll(rush.Select(file => Task.Run(() => ingestion.IngestAsync($"{Next}/{file.Name}"))));
        var floor = floorWatch.Elapsed;

        var exact = await CheckAsync(services, registry);
        var single = alone.Order().ElementAt(alone.Count / 2);
        var sorted = latencies.Order().ToList();
        output.WriteLine($"rush: {rush.Count} uploads ({registry.Streets.Count - 3} streets × roster and counts, {compoundsPerStreet} compounds each), previous month loaded");
        output.WriteLine($"  one upload alone (median of {alone.Count}): {single.TotalMilliseconds,8:0} ms");
        output.WriteLine($"  the whole rush, until every figure and page is final: {total.TotalMilliseconds,8:0} ms");
        output.WriteLine($"  rush / one upload alone: {total / single:0.0}; per upload {total.TotalMilliseconds / rush.Count:0} ms");
        output.WriteLine($"  the same files ingested only (no recompute, no publish), side by side: {floor.TotalMilliseconds,8:0} ms; rush / that: {total / floor:0.0}");
        output.WriteLine($"  report pages written: {shown.Select(s => s.Revision).Distinct().Count()} revisions shown for {processed.Max() - processed.Min() + 1} made in the rush");
        output.WriteLine($"  latency upload → updated report: p50 {Percentile(sorted, 0.50).TotalMilliseconds:0} ms, p95 {Percentile(sorted, 0.95).TotalMilliseconds:0} ms");
        output.WriteLine($"  figures exact: {(exact ? "yes, every street equals its files computed in memory" : "NO")}");
        if (!exact)
        {
            throw new InvalidOperationException("The figures after the rush differ from the files.");
        }
    }

    /// <summary>Every street's stored aggregate equals the one computed from its two files in memory.</summary>
    private async Task<bool> CheckAsync(IServiceProvider services, DivisionRegistry registry)
    {
        var stored = await services.GetRequiredService<FiguresStore>().ReadStreetsAsync(Period, CancellationToken.None);

        var context = services.GetRequiredService<IngestContext>();
        foreach (var street in registry.Streets)
        {
            var records = Files(street.Name, 1).SelectMany(f =>
            {
                using var stream = new MemoryStream(f.Content);
                return UploadReading.Records(stream, UploadSource.ForBlob($"{Period}/{f.Name}"), context).ToList();
            }).ToList();
            var (expected, _) = StreetAggregate.Compute(street.Code, records, context.Catalog);
            if (!stored.TryGetValue(street.Code, out var actual) || FiguresStore.Serialize(actual) != FiguresStore.Serialize(expected))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task PollReportAsync(PipelineStorage storage, Stopwatch clock, List<(TimeSpan At, long Revision)> shown, CancellationToken cancellationToken)
    {
        var last = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var revision = await ShownRevisionAsync(storage);
            if (revision != last)
            {
                shown.Add((clock.Elapsed, revision));
                last = revision;
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<long> ShownRevisionAsync(PipelineStorage storage)
    {
        var blob = storage.Web.GetBlobClient($"{ReportSite.PeriodFolder(Period)}/{ReportSite.SummaryName}");
        return (await blob.ExistsAsync()).Value ? SummaryJson.Deserialize((await blob.DownloadContentAsync()).Value.Content.ToArray()).Revision : 0;
    }

    private static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Task UploadAsync(PipelineStorage storage, string path, byte[] content) =>
        storage.Uploads.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content), overwrite: true);

    /// <summary>A street's roster and counts sheet for a month; <paramref name="variant"/> moves a few figures.</summary>
    private IEnumerable<(string Name, byte[] Content)> Files(string street, int variant)
    {
        var roster = new StringBuilder("街道,社区,小区名称,是否有物业,物业服务方式,业主组织,党组织覆盖\n");
        for (var i = 0; i < compoundsPerStreet; i++)
        {
            roster.Append($"{street},社区{i % 12},小区{i},{((i + variant) % 10 == 0 ? "否" : "是")},专业物业,业委会,是\n");
        }

        var counts = new StringBuilder("街道,社区,受理量,有效回访,已联系,已解决,满意,基本满意,不满意\n");
        for (var c = 0; c < 12; c++)
        {
            var received = 60 + c + (variant * 3);
            var valid = received - 5;
            counts.Append($"{street},社区{c},{received},{valid},{valid - 1},{valid - 3 - variant},{valid - 6},4,2\n");
        }

        yield return ($"{street}-台账.csv", Encoding.UTF8.GetBytes(roster.ToString()));
        yield return ($"{street}-诉求.csv", Encoding.UTF8.GetBytes(counts.ToString()));
    }
}
