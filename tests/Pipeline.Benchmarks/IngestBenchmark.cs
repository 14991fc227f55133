using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Samples;
using Pipeline.Testing.Spreadsheets;
using Pipeline.Core.Model;

namespace Pipeline.Benchmarks;

/// <summary>
/// One run over a synthetic 12345 export of N tickets across the district's streets: parse alone (xlsx and csv),
/// the pipeline's ingest, a plain batched write of the same entities (the storage limit), row-by-row upserts, and
/// the process's peak memory.
/// </summary>
public sealed class IngestBenchmark(string storageConnection, int tickets, int rowByRowSample, TextWriter output)
{
    public async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("pipeline-bench-");
        try
        {
            var registry = DivisionRegistry.Builtin("110115")!;
            var xlsx = Path.Combine(folder.FullName, "export.xlsx");
            var csv = Path.Combine(folder.FullName, "export.csv");
            WriteExports(registry, xlsx, csv, tickets, new DateTime(2020, 12, 1));
            var warmUp = Path.Combine(folder.FullName, "warm-up.xlsx");
            WriteExports(registry, warmUp, Path.ChangeExtension(warmUp, ".csv"), 2_000, new DateTime(2020, 11, 1));
            output.WriteLine($"tickets: {tickets:N0}; xlsx {new FileInfo(xlsx).Length / 1024.0 / 1024.0:0.0} MB, csv {new FileInfo(csv).Length / 1024.0 / 1024.0:0.0} MB");
            output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

            await using var services = ServiceSetup.Create(storageConnection, registry);
            var context = services.GetRequiredService<IngestContext>();
            var storage = services.GetRequiredService<PipelineStorage>();
            var ingestion = services.GetRequiredService<UploadIngestion>();
            await storage.EnsureCreatedAsync();

            // Warm-up: JIT and connection pools, on another month so the measured ingest starts from empty slices.
            Parse(warmUp, context);
            Parse(Path.ChangeExtension(warmUp, ".csv"), context);
            await UploadAsync(storage, warmUp, "2020-11/warm-up.xlsx");
            await ingestion.IngestAsync("2020-11/warm-up.xlsx");

            Report("parse xlsx (inspect pass)", tickets, Time(() => Parse(xlsx, context)));
            Report("parse csv (inspect pass)", tickets, Time(() => Parse(csv, context)));

            await UploadAsync(storage, xlsx, "2020-12/export.xlsx");
            PeakMemory.Reset();
            var ingest = await TimeAsync(() => ingestion.IngestAsync("2020-12/export.xlsx"));
            Report("ingest xlsx (pipeline)", tickets, ingest);
            // Measured before the baselines below materialise their entities: this is parse + ingest alone.
            var peakAfterIngest = PeakMemory.Bytes();

            var entities = Entities(xlsx, context);
            var plainTable = services.GetRequiredService<TableServiceClient>().GetTableClient($"Bench{Guid.NewGuid():N}"[..20]);
            await plainTable.CreateAsync();
            var limit = await TimeAsync(() => PlainBatchedWriteAsync(plainTable, entities));
            Report("plain batched write (storage limit)", tickets, limit);

            var naiveTable = services.GetRequiredService<TableServiceClient>().GetTableClient($"Naive{Guid.NewGuid():N}"[..20]);
            await naiveTable.CreateAsync();
            var sample = entities.Take(rowByRowSample).ToList();
            var naive = await TimeAsync(async () =>
            {
                foreach (var entity in sample)
                {
                    await naiveTable.UpsertEntityAsync(entity);
                }
            });
            Report($"row-by-row UpsertEntity ({sample.Count:N0} rows)", sample.Count, naive);

            var ingestRate = tickets / ingest.TotalSeconds;
            output.WriteLine($"ingest / storage limit: {ingestRate / (tickets / limit.TotalSeconds):0.00}");
            output.WriteLine($"ingest / row-by-row: {ingestRate / (sample.Count / naive.TotalSeconds):0.0}");
            output.WriteLine($"peak memory (RSS) during ingest: {peakAfterIngest / 1024.0 / 1024.0:0} MB");
            await plainTable.DeleteAsync();
            await naiveTable.DeleteAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task UploadAsync(PipelineStorage storage, string path, string blobPath)
    {
        await using var content = File.OpenRead(path);
        await storage.Uploads.GetBlobClient(blobPath).UploadAsync(content, overwrite: true);
    }

    private static void WriteExports(DivisionRegistry registry, string xlsx, string csv, int tickets, DateTime month)
    {
        SyntheticExports.WriteXlsx(registry, xlsx, tickets, month);
        SyntheticExports.WriteCsv(registry, csv, tickets, month);
    }

    private static void Parse(string path, IngestContext context)
    {
        using var file = File.OpenRead(path);
        var inspection = UploadReading.Inspect(file, UploadSource.ForBlob($"2020-12/{Path.GetFileName(path)}"), context);
        if (!inspection.Accepted)
        {
            throw new InvalidOperationException($"The synthetic export was rejected: {inspection.Findings[0].Message}");
        }
    }

    private static List<TableEntity> Entities(string path, IngestContext context)
    {
        using var file = File.OpenRead(path);
        return [.. UploadReading.Records(file, UploadSource.ForBlob("2020-12/export.xlsx"), context)
            .Select(r => RecordEntities.ToEntity(r, SliceStore.PartitionOf(new SliceKey(r.Form, r.Period, r.StreetCode), "bench"), new Upload("export.xlsx", DateTimeOffset.UnixEpoch, "bench")))];
    }

    /// <summary>The same entities in transactions of 100 per partition, as many in flight as the pipeline allows.</summary>
    private static async Task PlainBatchedWriteAsync(TableClient table, List<TableEntity> entities)
    {
        var batches = entities.GroupBy(e => e.PartitionKey)
            .SelectMany(g => g.Chunk(SliceStore.BatchSize))
            .Select(chunk => chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList());
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SliceStore.Parallelism },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
    }

    private void Report(string what, int rows, TimeSpan elapsed) =>
        output.WriteLine($"{what,-45} {rows / elapsed.TotalSeconds,12:N0} rows/s  ({elapsed.TotalSeconds:0.00} s)");

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }
}
