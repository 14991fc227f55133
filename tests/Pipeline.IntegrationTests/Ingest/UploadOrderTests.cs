using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>The latest upload wins, whatever order uploads are processed in; each path gets a verdict of its own.</summary>
public sealed class UploadOrderTests(StorageTestEnvironment storage)
{
    private const string Linxiao = "110115002000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Roster(int compounds, string street = "林校路街道") =>
        Csv([RosterHeader, .. Enumerable.Range(1, compounds).Select(i => $"{street},某社区,小区{i},是,专业物业,业委会,是")]);

    private static async Task<int> CompoundsAsync(PipelineHarness harness, string street = Linxiao) =>
        (await harness.CurrentAsync("CompoundRoster", "2021-01", street)).Count;

    [Fact]
    public async Task An_older_upload_processed_after_a_newer_one_is_superseded_and_changes_nothing()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("2021-01/b-林校路-初报.csv", Roster(10));
        await harness.UploadAsync("2021-01/a-林校路-更正.csv", Roster(8));

        await harness.Ingestion.IngestAsync("2021-01/a-林校路-更正.csv", cancellationToken: Ct);
        var older = await harness.Ingestion.IngestAsync("2021-01/b-林校路-初报.csv", cancellationToken: Ct);

        Assert.Equal(8, await CompoundsAsync(harness));
        Assert.Equal(ReceiptStatus.Superseded, older.Receipt.Status);
        var superseded = Assert.Single(older.Receipt.Superseded);
        Assert.Equal((new SliceKey("CompoundRoster", "2021-01", Linxiao), "2021-01/a-林校路-更正.csv"), (superseded.Slice, superseded.By));
        Assert.Empty(older.Receipt.Slices);
        Assert.Equal(8, (await harness.AllStoredRowsAsync()).Count);
    }

    [Fact]
    public async Task In_upload_order_the_correction_wins_too()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("2021-01/b-林校路-初报.csv", Roster(10));
        var correction = await harness.UploadAndIngestAsync("2021-01/a-林校路-更正.csv", Roster(8));

        Assert.Equal(ReceiptStatus.Accepted, correction.Receipt.Status);
        Assert.Equal(8, await CompoundsAsync(harness));
    }

    [Fact]
    public async Task The_same_name_overwritten_keeps_the_newer_content_even_when_the_old_event_arrives_last()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("2021-01/林校路.csv", Roster(10));
        await harness.UploadAndIngestAsync("2021-01/林校路.csv", Roster(8));

        // The first upload's event, delivered again late, finds the blob as it is now: the newer upload, already applied.
        var late = await harness.Ingestion.IngestAsync("2021-01/林校路.csv", cancellationToken: Ct);

        Assert.True(late.Repeated);
        Assert.Equal(8, await CompoundsAsync(harness));
    }

    [Fact]
    public async Task A_district_file_applies_only_the_streets_it_is_the_latest_statement_of()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("110115/2021-01/全区台账.csv", Csv(RosterHeader,
            "林校路街道,某社区,甲,是,专业物业,业委会,是", "清源街道,某社区,乙,是,专业物业,业委会,是", "清源街道,某社区,丙,是,专业物业,业委会,是"));
        await harness.UploadAsync("110115002000/2021-01/林校路.csv", Roster(5));

        await harness.Ingestion.IngestAsync("110115002000/2021-01/林校路.csv", cancellationToken: Ct);
        var district = await harness.Ingestion.IngestAsync("110115/2021-01/全区台账.csv", cancellationToken: Ct);

        Assert.Equal(ReceiptStatus.Accepted, district.Receipt.Status);
        Assert.Equal([new SliceKey("CompoundRoster", "2021-01", "110115003000")], district.Receipt.Slices);
        Assert.Equal("110115002000/2021-01/林校路.csv", Assert.Single(district.Receipt.Superseded).By);
        Assert.Equal(5, await CompoundsAsync(harness));
        Assert.Equal(2, await CompoundsAsync(harness, "110115003000"));
    }

    [Fact]
    public async Task A_street_is_told_a_district_upload_superseded_it_without_seeing_the_district_path()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("110115002000/2021-01/林校路.csv", Roster(5));
        await harness.UploadAsync("110115/2021-01/全区台账.csv", Roster(3));

        await harness.Ingestion.IngestAsync("110115/2021-01/全区台账.csv", cancellationToken: Ct);
        var street = await harness.Ingestion.IngestAsync("110115002000/2021-01/林校路.csv", cancellationToken: Ct);

        Assert.Equal(ReceiptStatus.Superseded, street.Receipt.Status);
        Assert.DoesNotContain("全区台账", Assert.Single(street.Receipt.Superseded).By);
        Assert.Contains("大兴区", street.Receipt.Superseded[0].By);
    }

    [Fact]
    public async Task A_tickets_state_from_an_older_export_never_overwrites_the_newer_one()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("exports/old.csv", Csv(TicketHeader,
            "T1,2021-01-01 08:00,漏水,林校路街道,某社区,是,是,否,不满意",
            "T2,2021-01-02 08:00,漏水,林校路街道,某社区,是,是,否,不满意",
            "T3,2021-01-03 08:00,漏水,清源街道,某社区,是,否,否,"));
        await harness.UploadAsync("exports/new.csv", Csv(TicketHeader,
            "T1,2021-01-01 08:00,漏水,林校路街道,某社区,是,是,是,满意",
            "T3,2021-01-03 08:00,漏水,林校路街道,某社区,是,是,是,满意"));

        await harness.Ingestion.IngestAsync("exports/new.csv", cancellationToken: Ct);
        var old = await harness.Ingestion.IngestAsync("exports/old.csv", cancellationToken: Ct);

        var linxiao = (await harness.CurrentAsync("TicketExport", "2021-01", Linxiao)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["T1", "T2", "T3"], linxiao.Select(t => t.Key));
        Assert.Equal(true, linxiao[0].Value("resolved"));
        Assert.Empty(await harness.CurrentAsync("TicketExport", "2021-01", "110115003000"));
        Assert.Equal(ReceiptStatus.Accepted, old.Receipt.Status);
        Assert.Equal(2, old.Receipt.Superseded.Sum(s => s.Tickets));
    }

    [Fact]
    public async Task Replay_in_any_order_leaves_exactly_the_same_figures()
    {
        await using var harness = new PipelineHarness(storage);
        string[] names = ["2021-01/b-林校路-初报.csv", "2021-01/a-林校路-更正.csv", "2021-01/清源.csv", "exports/t1.csv", "exports/t0.csv"];
        byte[][] contents =
        [
            Roster(10), Roster(8), Roster(4, "清源街道"),
            Csv(TicketHeader, "T1,2021-01-01 08:00,漏水,林校路街道,某社区,是,是,否,不满意", "T2,2021-01-02 08:00,漏水,清源街道,某社区,是,是,是,满意"),
            Csv(TicketHeader, "T1,2021-01-01 08:00,漏水,林校路街道,某社区,是,是,是,满意"),
        ];
        foreach (var (name, content) in names.Zip(contents))
        {
            await harness.UploadAndProcessAsync(name, content);
        }

        var before = await StreetFiguresAsync(harness);
        foreach (var name in names.Reverse().Concat(names.Order(StringComparer.Ordinal)))
        {
            await harness.Processing.ProcessAsync(name, force: true, cancellationToken: Ct);
        }

        Assert.Equal(before, await StreetFiguresAsync(harness));
        Assert.Equal(8, await CompoundsAsync(harness));
    }

    private static async Task<string> StreetFiguresAsync(PipelineHarness harness) =>
        string.Join('\n', (await harness.Figures.ReadStreetsAsync("2021-01", Ct)).OrderBy(s => s.Key).Select(s => $"{s.Key}={FiguresStore.Serialize(s.Value)}"));

    [Fact]
    public async Task The_same_bytes_at_two_paths_each_get_their_own_verdict_and_findings()
    {
        await using var harness = new PipelineHarness(storage);
        var bad = Csv(RosterHeader, "清源街道,某社区,甲,也许,专业物业,业委会,是");
        var first = await harness.UploadAndIngestAsync("110115003000/2021-01/a.csv", bad);
        var second = await harness.UploadAndIngestAsync("110115/2021-01/a-copy.csv", bad);

        Assert.Equal((ReceiptStatus.Rejected, ReceiptStatus.Rejected), (first.Receipt.Status, second.Receipt.Status));
        Assert.False(second.Repeated);
        Assert.Equal("110115/2021-01/a-copy.csv", second.Receipt.File);
        Assert.All(second.Findings, f => Assert.Equal("110115/2021-01/a-copy.csv", f.File));
        foreach (var path in new[] { "110115003000/2021-01/a.csv", "110115/2021-01/a-copy.csv" })
        {
            Assert.True((await harness.Storage.Results.GetBlobClient($"{path}.findings.csv").ExistsAsync(Ct)).Value);
            Assert.True((await harness.Storage.Quarantine.GetBlobClient(path).ExistsAsync(Ct)).Value);
        }

        var good = Roster(3, "清源街道");
        var accepted = await harness.UploadAndIngestAsync("110115003000/2021-01/b.csv", good);
        var again = await harness.UploadAndIngestAsync("110115/2021-01/b-copy.csv", good);
        Assert.Equal((ReceiptStatus.Accepted, ReceiptStatus.Accepted), (accepted.Receipt.Status, again.Receipt.Status));
        Assert.Equal("110115/2021-01/b-copy.csv", again.Receipt.File);
        Assert.Equal(3, await CompoundsAsync(harness, "110115003000"));
        Assert.Equal(3, (await harness.AllStoredRowsAsync()).Count);
    }

    [Fact]
    public async Task A_file_over_two_months_is_visible_in_both_or_in_neither()
    {
        await using var harness = new PipelineHarness(storage);
        string Tickets(string prefix, int n) => string.Join("\r\n", Enumerable.Range(1, n).SelectMany(i => new[]
        {
            $"{prefix}a{i},2020-11-{1 + (i % 28):D2} 08:00,漏水,清源街道,某社区,是,是,是,满意",
            $"{prefix}b{i},2020-12-{1 + (i % 28):D2} 08:00,漏水,清源街道,某社区,是,是,是,满意",
        }));
        await harness.UploadAndIngestAsync("exports/old.csv", Csv(TicketHeader, Tickets("old", 300)));
        await harness.UploadAsync("exports/new.csv", Csv(TicketHeader, Tickets("new", 300)));

        var apply = harness.Ingestion.IngestAsync("exports/new.csv", cancellationToken: Ct);
        var seen = new List<(bool NovemberNew, bool DecemberNew)>();
        do
        {
            var november = await harness.Slices.ReadCurrentAsync(new SliceKey("TicketExport", "2020-11", "110115003000"), Ct);
            var december = await harness.Slices.ReadCurrentAsync(new SliceKey("TicketExport", "2020-12", "110115003000"), Ct);
            seen.Add((november.Any(e => e.RowKey.StartsWith("new", StringComparison.Ordinal)), december.Any(e => e.RowKey.StartsWith("new", StringComparison.Ordinal))));
        }
        while (!apply.IsCompleted);
        await apply;

        // Read November, then December: once November shows the new file, December must too.
        Assert.All(seen, s => Assert.True(!s.NovemberNew || s.DecemberNew, "November showed the new file while December did not"));
        var manifests = await harness.Slices.ReadManifestsAsync(Ct);
        Assert.All(manifests, m => Assert.Equal(2, m.Revision));
    }

    [Fact]
    public async Task A_streets_folder_accepts_only_its_own_rows_and_the_district_folder_and_root_any()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("110115002000/2021-01/林校路.csv", Roster(10));

        var intruder = await harness.UploadAndIngestAsync("110115001000/2021-01/x.csv", Roster(3));
        var byName = await harness.UploadAndIngestAsync("兴丰街道/2021-01/兴丰.csv", Roster(2, "兴丰街道"));
        var district = await harness.UploadAndIngestAsync("110115/2021-01/全区.csv", Roster(4, "清源街道"));
        var root = await harness.UploadAndIngestAsync("2021-01/瀛海.csv", Roster(1, "瀛海地区"));

        Assert.Equal(ReceiptStatus.Rejected, intruder.Receipt.Status);
        Assert.All(intruder.Findings, f => Assert.Equal("street.outside-folder", f.Code));
        Assert.Equal(10, await CompoundsAsync(harness));
        Assert.Equal((ReceiptStatus.Accepted, ReceiptStatus.Accepted, ReceiptStatus.Accepted), (byName.Receipt.Status, district.Receipt.Status, root.Receipt.Status));
        Assert.Equal(2, await CompoundsAsync(harness, "110115001000"));
    }

    [Fact]
    public async Task The_sweep_removes_only_unreachable_revisions_older_than_the_grace_period()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new PipelineHarness(storage, clock: clock);
        await harness.UploadAndIngestAsync("2021-01/林校路.csv", Roster(10));
        // What a killed run leaves: rows staged under a revision no manifest will ever name.
        var slices = harness.Slices;
        var orphan = SliceStore.PartitionOf(new SliceKey("CompoundRoster", "2021-01", Linxiao), "killed-run");
        await slices.WriteAsync(Enumerable.Range(1, 250).Select(i => new Azure.Data.Tables.TableEntity(orphan, $"k{i}")), Ct);
        var sweep = harness.Services.GetRequiredService<RevisionSweep>();

        var early = await sweep.SweepAsync(Ct);
        clock.Advance(TimeSpan.FromHours(25));
        var late = await sweep.SweepAsync(Ct);

        Assert.Equal(new SweepResult(0, 0), early);
        Assert.Equal(new SweepResult(1, 250), late);
        Assert.Equal(10, (await harness.AllStoredRowsAsync()).Count);
        Assert.Equal(10, await CompoundsAsync(harness));
        Assert.Equal(new SweepResult(0, 0), await sweep.SweepAsync(Ct));
    }
}
