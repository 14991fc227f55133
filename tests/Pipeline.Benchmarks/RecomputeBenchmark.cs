using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Divisions;

namespace Pipeline.Benchmarks;

/// <summary>
/// Recompute time after a one-street change, with one street loaded and with all 22 loaded. Incremental recompute
/// reads the changed street's rows and the 22 street aggregates, so the two should take about as long.
/// </summary>
public sealed class RecomputeBenchmark(string storageConnection, int compoundsPerStreet, int repeats, TextWriter output)
{
    public async Task RunAsync()
    {
        var registry = DivisionRegistry.Builtin("110115")!;
        await MeasureAsync(registry, [registry.Streets[2].Name]); // warm-up: JIT and connections
        var one = await MeasureAsync(registry, [registry.Streets[2].Name]);
        var all = await MeasureAsync(registry, [.. registry.Streets.Select(s => s.Name)]);
        output.WriteLine($"recompute after a one-street change ({compoundsPerStreet} compounds per street, median of {repeats}):");
        output.WriteLine($"  1 street loaded:   {one.TotalMilliseconds,8:0} ms");
        output.WriteLine($"  22 streets loaded: {all.TotalMilliseconds,8:0} ms");
        output.WriteLine($"  ratio 22/1: {all / one:0.00}");
    }

    private async Task<TimeSpan> MeasureAsync(DivisionRegistry registry, IReadOnlyList<string> streets)
    {
        await using var services = ServiceSetup.Create(storageConnection, registry);
        var storage = services.GetRequiredService<PipelineStorage>();
        var processing = services.GetRequiredService<UploadProcessing>();
        var recompute = services.GetRequiredService<FiguresRecompute>();
        await storage.EnsureCreatedAsync();
        var ordered = services.GetRequiredService<OrderedUploads>();
        foreach (var street in streets)
        {
            // The changed street's first roster goes through the ordered uploads too, so its corrections come seconds later.
            var first = Roster(street, compoundsPerStreet, 0);
            await (street == streets[0]
                ? ordered.UploadAsync(storage.Uploads.GetBlobClient($"2020-12/{street}.csv"), new MemoryStream(first), CancellationToken.None)
                : UploadAsync(storage, $"2020-12/{street}.csv", first));
            await processing.ProcessAsync($"2020-12/{street}.csv");
        }

        // The change: a new roster for one street is ingested (untimed), then its recompute is timed.
        var changed = streets[0];
        var timings = new List<TimeSpan>();
        for (var i = 1; i <= repeats; i++)
        {
            var path = $"2020-12/{changed}-{i}.csv";
            // A second after the one before, so the new roster is the later upload and is applied.
            await ordered.UploadAsync(storage.Uploads.GetBlobClient(path), new MemoryStream(Roster(changed, compoundsPerStreet, i)), CancellationToken.None);
            var ingested = await services.GetRequiredService<Adapters.Ingest.UploadIngestion>().IngestAsync(path);
            if (ingested.Receipt.Slices.Count == 0)
            {
                throw new InvalidOperationException($"{path} was not applied ({ingested.Receipt.Status}); the benchmark would time nothing.");
            }
            var watch = Stopwatch.StartNew();
            await recompute.RecomputeAsync(ingested.Receipt.Slices, CancellationToken.None);
            timings.Add(watch.Elapsed);
        }

        return timings.Order().ElementAt(timings.Count / 2);
    }

    private static async Task UploadAsync(PipelineStorage storage, string path, byte[] content) =>
        await storage.Uploads.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content), overwrite: true);

    private static byte[] Roster(string street, int compounds, int variant) => Encoding.UTF8.GetBytes(
        "街道,社区,小区名称,是否有物业,物业服务方式,业主组织,党组织覆盖\n" + string.Concat(Enumerable.Range(0, compounds)
            .Select(i => $"{street},社区{i % 20},小区{i},{((i + variant) % 10 == 0 ? "否" : "是")},专业物业,业委会,是\n")));
}
