using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Model;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>
/// The CLI killed at several points of a 50,000-ticket, two-month ingest: at no point is a half-applied file visible,
/// and delivering the blob again ends in exactly the figures of one clean run, with every leftover row journaled for the sweep.
/// The same when storage goes away mid-ingest and comes back.
/// </summary>
public sealed class CrashRecoveryTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Export(int tickets)
    {
        var registry = Core.Divisions.DivisionRegistry.Builtin("110115")!;
        var random = new Random(9);
        var text = new StringBuilder(TicketHeader).Append("\r\n");
        for (var i = 0; i < tickets; i++)
        {
            var street = registry.Streets[random.Next(registry.Streets.Count)].Name;
            var month = i % 2 == 0 ? "2020-11" : "2020-12";
            text.Append($"T{i:D6},{month}-{1 + random.Next(28):D2} 08:00,内容,{street},社区{random.Next(5)},是,{(random.Next(3) > 0 ? "是" : "否")},{(random.Next(2) > 0 ? "是" : "否")},满意\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<(int Tickets, string Figures)> StateAsync(PipelineHarness harness)
    {
        // A process killed before it created the tables has written nothing: that is a state too, not an error.
        await harness.Storage.EnsureCreatedAsync();
        var tickets = 0;
        var figures = new StringBuilder();
        foreach (var manifest in (await harness.Slices.ReadManifestsAsync(Ct)).OrderBy(m => m.Period, StringComparer.Ordinal))
        {
            foreach (var (slice, entry) in manifest.Current.Where(c => c.Key.Form == "TicketExport"))
            {
                tickets += await harness.Slices.ReadAsync(slice, entry.Revision, Ct, ["RowKey"]).CountAsync(Ct);
            }

            foreach (var (street, aggregate) in (await harness.Figures.ReadStreetsAsync(manifest.Period, Ct)).OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                figures.Append($"{manifest.Period}/{street}={FiguresStore.Serialize(aggregate)}\n");
            }
        }

        return (tickets, figures.ToString());
    }

    [Fact]
    public async Task Killed_at_several_points_then_delivered_again_equals_one_clean_run()
    {
        const int tickets = 50_000;
        var export = Export(tickets);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, export, Ct);
        var blobPath = Path.GetFileName(path);

        await using var clean = new PipelineHarness(storage);
        await clean.UploadAndProcessAsync(blobPath, export);
        var expected = await StateAsync(clean);
        Assert.Equal(tickets, expected.Tickets);

        await using var harness = new PipelineHarness(storage);
        var killedMidway = 0;
        foreach (var delay in new[] { 2_000, 5_000, 9_000 })
        {
            using var cli = CliProcess.Start(harness.Environment(), "ingest", path);
            await Task.Delay(delay, Ct);
            killedMidway += cli.HasExited ? 0 : 1;
            await cli.KillAsync();

            // Whatever was killed where: the file is visible in both months or in neither.
            Assert.Contains((await StateAsync(harness)).Tickets, new[] { 0, tickets });
        }

        Assert.True(killedMidway >= 2, $"only {killedMidway} kill(s) came before the ingest finished");
        await harness.Processing.ProcessAsync(blobPath, cancellationToken: Ct);

        Assert.Equal(expected, await StateAsync(harness));
        // Every row the kills left behind is in a revision the journal names, so the sweep will find it (the sweep
        // itself is exercised on the outage below; deleting ~75,000 rows here would cost Azurite minutes).
        var current = (await harness.Slices.ReadManifestsAsync(Ct)).SelectMany(m => m.Current.Select(c => SliceStore.PartitionOf(c.Key, c.Value.Revision))).ToHashSet();
        var journal = await harness.Slices.JournalAsync(Ct).Select(j => j.Partition).ToHashSetAsync(cancellationToken: Ct);
        var stranded = (await harness.AllStoredRowsAsync()).Select(r => r.PartitionKey).Distinct().Where(p => !current.Contains(p) && !journal.Contains(p)).ToList();
        Assert.Empty(stranded);
        Assert.Equal(expected.Tickets, (await harness.AllStoredRowsAsync()).Count(r => current.Contains(r.PartitionKey)));
        File.Delete(path);
    }

    [Fact]
    public async Task Storage_lost_mid_ingest_then_back_and_delivered_again_equals_one_clean_run()
    {
        const int tickets = 20_000;
        var export = Export(tickets);
        const string blobPath = "exports/outage.csv";
        await using var clean = new PipelineHarness(storage);
        await clean.UploadAndProcessAsync(blobPath, export);
        var expected = await StateAsync(clean);

        await using var outage = StorageOutage.Start(storage.ConnectionString);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new PipelineHarness(storage, new() { ["Storage"] = outage.ConnectionString }, clock);
        await harness.UploadAsync(blobPath, export);

        var ingest = harness.Processing.ProcessAsync(blobPath, cancellationToken: Ct);
        await Task.Delay(800, Ct);
        Assert.False(ingest.IsCompleted, "the ingest finished before storage went away");
        outage.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => ingest);
        outage.Restart();

        Assert.Contains((await StateAsync(harness)).Tickets, new[] { 0, tickets });
        await harness.Processing.ProcessAsync(blobPath, cancellationToken: Ct);
        Assert.Equal(expected, await StateAsync(harness));
        clock.Advance(TimeSpan.FromHours(25));
        await harness.Services.GetRequiredService<RevisionSweep>().SweepAsync(Ct);
        Assert.Equal((await clean.AllStoredRowsAsync()).Count, (await harness.AllStoredRowsAsync()).Count);
    }
}
