using System.Text;
using System.Text.Json;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;
using Pipeline.Core.Model;

namespace Pipeline.IntegrationTests.Ingest;

public sealed class UploadIngestionTests(StorageTestEnvironment storage)
{
    private const string Qingyuan = "110115003000";

    private static byte[] Roster(params string[] compounds) =>
        Csv([RosterHeader, .. compounds.Select(c => $"清源街道,枣园社区,{c},是,专业物业,业委会,是")]);

    [Fact]
    public async Task An_accepted_roster_is_stored_row_for_row_with_its_source()
    {
        await using var harness = new PipelineHarness(storage);

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster("枣园小区", "兴华小区"));

        Assert.Equal(ReceiptStatus.Accepted, outcome.Receipt.Status);
        Assert.Equal(("CompoundRoster", 2, 0), (outcome.Receipt.Form, outcome.Receipt.Rows, outcome.Receipt.Findings));
        Assert.Equal([new SliceKey("CompoundRoster", "2020-12", Qingyuan)], outcome.Receipt.Slices);
        var rows = (await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan)).OrderBy(r => r.SourceRow).ToList();
        Assert.Equal(["枣园小区", "兴华小区"], rows.Select(r => r.Value("compound_name")));
        Assert.Equal([2, 3], rows.Select(r => r.SourceRow));
        var manifest = await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken);
        Assert.Equal(1, manifest.Revision);
    }

    [Fact]
    public async Task A_long_file_reports_the_rows_read_as_it_is_staged()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("2020-12/清源街道.csv", Roster([.. Enumerable.Range(0, 2_500).Select(i => $"小区{i}")]));
        var told = new List<int>();

        var outcome = await harness.Ingestion.IngestAsync("2020-12/清源街道.csv", cancellationToken: TestContext.Current.CancellationToken, rowsRead: new Told(told));

        Assert.Equal((ReceiptStatus.Accepted, 2_500), (outcome.Receipt.Status, outcome.Receipt.Rows));
        Assert.Equal([1_000, 2_000], told);
    }

    /// <summary>Keeps what it is told, at once and in order.</summary>
    private sealed class Told(List<int> values) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }

    [Fact]
    public async Task A_later_roster_replaces_the_streets_roster_and_its_old_revision_is_removed()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster("A", "B", "C"));

        await harness.UploadAndIngestAsync("2020-12/清源街道-更正.csv", Roster("A", "D"));

        var rows = await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan);
        Assert.Equal(["A", "D"], rows.Select(r => r.Value("compound_name") as string).Order());
        Assert.Equal(2, (await harness.AllStoredRowsAsync()).Count);
    }

    [Fact]
    public async Task A_rejected_file_changes_nothing_and_leaves_a_findings_report_and_a_quarantined_copy()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster("A", "B"));
        var before = await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken);
        var bad = Csv(RosterHeader, "清源街道,枣园社区,C,是,专业物业,业委会,是", "清源街道,枣园社区,D,也许,专业物业,业委会,是");

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道-v2.csv", bad);

        Assert.Equal(ReceiptStatus.Rejected, outcome.Receipt.Status);
        Assert.Equal(1, outcome.Receipt.Findings);
        Assert.Equal(["A", "B"], (await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan)).Select(r => r.Value("compound_name") as string).Order());
        Assert.Equal(before.Revision, (await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken)).Revision);

        var csv = (await harness.Storage.Results.GetBlobClient("2020-12/清源街道-v2.csv.findings.csv").DownloadContentAsync(TestContext.Current.CancellationToken)).Value;
        Assert.Equal("text/csv; charset=utf-8", csv.Details.ContentType);
        var text = Encoding.UTF8.GetString(csv.Content.ToArray());
        Assert.StartsWith("\uFEFFfile,sheet,row,column,severity,code,message", text);
        Assert.Contains("2020-12/清源街道-v2.csv,清源街道-v2.csv,3,是否有物业,error,value.boolean,", text);
        using var json = JsonDocument.Parse((await harness.Storage.Results.GetBlobClient("2020-12/清源街道-v2.csv.findings.json").DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal((3, "是否有物业", "value.boolean"), (finding.GetProperty("row").GetInt32(), finding.GetProperty("column").GetString(), finding.GetProperty("code").GetString()));
        var quarantined = (await harness.Storage.Quarantine.GetBlobClient("2020-12/清源街道-v2.csv").DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToArray();
        Assert.Equal(bad, quarantined);
    }

    [Fact]
    public async Task The_same_content_delivered_again_changes_nothing()
    {
        await using var harness = new PipelineHarness(storage);
        var first = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster("A", "B"));
        var rowsBefore = await harness.AllStoredRowsAsync();

        var again = await harness.Ingestion.IngestAsync("2020-12/清源街道.csv", cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(first.Receipt.ContentHash, again.Receipt.ContentHash);
        Assert.Equal(1, (await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken)).Revision);
        Assert.Equal(rowsBefore.Select(r => r.PartitionKey + r.RowKey).Order(), (await harness.AllStoredRowsAsync()).Select(r => r.PartitionKey + r.RowKey).Order());
    }

    [Fact]
    public async Task Two_deliveries_of_one_blob_at_the_same_moment_leave_one_consistent_roster()
    {
        await using var harness = new PipelineHarness(storage);
        var compounds = Enumerable.Range(1, 250).Select(i => $"小区{i:D3}").ToArray();
        await harness.UploadAsync("2020-12/清源街道.csv", Roster(compounds));

        await Task.WhenAll(
            harness.Ingestion.IngestAsync("2020-12/清源街道.csv", cancellationToken: TestContext.Current.CancellationToken),
            harness.Ingestion.IngestAsync("2020-12/清源街道.csv", cancellationToken: TestContext.Current.CancellationToken));

        var rows = await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan);
        Assert.Equal(compounds, rows.Select(r => r.Value("compound_name") as string).Order(StringComparer.Ordinal));
        Assert.Equal(250, (await harness.AllStoredRowsAsync()).Count);
    }

    [Fact]
    public async Task Tickets_are_updated_by_id_and_never_counted_twice()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("exports/first-half.csv", Csv(TicketHeader,
            "T1,2020-12-01 08:00,漏水,清源街道,枣园社区,是,是,否,不满意",
            "T2,2020-12-02 09:00,噪音,清源街道,枣园社区,是,是,是,满意"));

        await harness.UploadAndIngestAsync("exports/full-month.csv", Csv(TicketHeader,
            "T1,2020-12-01 08:00,漏水,清源街道,枣园社区,是,是,是,基本满意",
            "T3,2020-12-20 10:00,停车,清源街道,兴涛社区,否,,,"));

        var tickets = (await harness.CurrentAsync("TicketExport", "2020-12", Qingyuan)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["T1", "T2", "T3"], tickets.Select(t => t.Key));
        Assert.Equal((true, "基本满意"), (tickets[0].Value("resolved"), tickets[0].Value("satisfaction")));
        Assert.Equal("exports/first-half.csv", (await harness.Slices.ReadCurrentAsync(new SliceKey("TicketExport", "2020-12", Qingyuan), TestContext.Current.CancellationToken))
            .Single(e => e.RowKey == "T2").GetString("SourceFile"));
    }

    [Fact]
    public async Task A_ticket_filed_under_another_street_later_leaves_the_first_street()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("exports/a.csv", Csv(TicketHeader,
            "T1,2020-12-01 08:00,漏水,清源街道,枣园社区,是,是,否,不满意",
            "T2,2020-12-01 09:00,漏水,清源街道,枣园社区,是,是,否,不满意"));

        await harness.UploadAndIngestAsync("exports/b.csv", Csv(TicketHeader, "T1,2020-12-01 08:00,漏水,兴丰街道,三合南里社区,是,是,是,满意"));

        Assert.Equal(["T2"], (await harness.CurrentAsync("TicketExport", "2020-12", Qingyuan)).Select(t => t.Key));
        Assert.Equal(["T1"], (await harness.CurrentAsync("TicketExport", "2020-12", "110115001000")).Select(t => t.Key));
    }

    [Fact]
    public async Task Twenty_two_streets_ingested_at_once_all_land()
    {
        await using var harness = new PipelineHarness(storage);
        var registry = Core.Divisions.DivisionRegistry.Builtin("110115")!;
        var files = registry.Streets.Select(s => (s, Csv([RosterHeader, .. Enumerable.Range(1, 30).Select(i => $"{s.Name},某社区,小区{i},是,专业物业,业委会,是")]))).ToList();
        foreach (var (street, content) in files)
        {
            await harness.UploadAsync($"2020-12/{street.Name}.csv", content);
        }

        await Task.WhenAll(files.Select(f => Task.Run(() => harness.Ingestion.IngestAsync($"2020-12/{f.s.Name}.csv", cancellationToken: TestContext.Current.CancellationToken))));

        var manifest = await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken);
        Assert.Equal(22, manifest.Current.Count);
        Assert.Equal(22, manifest.Revision);
        foreach (var street in registry.Streets)
        {
            Assert.Equal(30, (await harness.CurrentAsync("CompoundRoster", "2020-12", street.Code)).Count);
        }
    }

    [Fact]
    public async Task A_reader_never_sees_half_a_file()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster([.. Enumerable.Range(1, 300).Select(i => $"旧{i}")]));
        await harness.UploadAsync("2020-12/清源街道-新.csv", Roster([.. Enumerable.Range(1, 700).Select(i => $"新{i}")]));
        var slice = new SliceKey("CompoundRoster", "2020-12", Qingyuan);

        var apply = harness.Ingestion.IngestAsync("2020-12/清源街道-新.csv", cancellationToken: TestContext.Current.CancellationToken);
        var seen = new List<(int Count, bool Pure)>();
        do
        {
            var rows = await harness.Slices.ReadCurrentAsync(slice, TestContext.Current.CancellationToken);
            var names = rows.Select(r => r.GetString("v_compound_name")).ToList();
            seen.Add((rows.Count, names.All(n => n.StartsWith('旧')) || names.All(n => n.StartsWith('新'))));
        }
        while (!apply.IsCompleted);
        await apply;

        Assert.All(seen, s => Assert.True(s.Pure && s.Count is 300 or 700, $"a reader saw {s.Count} rows"));
        Assert.Equal(700, (await harness.Slices.ReadCurrentAsync(slice, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_unread()
    {
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:MaxUploadMegabytes"] = "1" });
        var big = Roster([.. Enumerable.Range(1, 40_000).Select(i => $"小区{i}")]);
        Assert.True(big.Length > 1024 * 1024);

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", big);

        Assert.Equal(ReceiptStatus.Rejected, outcome.Receipt.Status);
        Assert.Equal("file.too-large", Assert.Single(outcome.Findings).Code);
        Assert.Empty(await harness.AllStoredRowsAsync());
    }

    [Fact]
    public async Task A_GBK_csv_from_Excel_on_Chinese_Windows_is_read()
    {
        await using var harness = new PipelineHarness(storage);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes($"{RosterHeader}\r\n清源街道,枣园社区,枣园小区,是,红色物业,物管会,否\r\n");

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", gbk);

        Assert.Equal(ReceiptStatus.Accepted, outcome.Receipt.Status);
        var compound = Assert.Single(await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan));
        Assert.Equal(("枣园小区", "红色物业", "物管会"), (compound.Value("compound_name"), compound.Value("service_mode"), compound.Value("owner_org")));
    }

    [Fact]
    public async Task Invisible_and_direction_changing_characters_reach_neither_stored_rows_nor_findings()
    {
        await using var harness = new PipelineHarness(storage);
        var cancellation = TestContext.Current.CancellationToken;

        var accepted = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Roster("\u202E枣园\u200B小区\u2069", "兴华\uFEFF小区\u200F"));
        const string disguisedPath = "2020-12/清源\u202E街道-v2.csv";
        var rejected = await harness.UploadAndIngestAsync(disguisedPath, Csv(RosterHeader, "清源街道,枣园社区,C\u2066,也\u202E许,专业物业,业委会,是"));

        Assert.Equal((ReceiptStatus.Accepted, ReceiptStatus.Rejected), (accepted.Receipt.Status, rejected.Receipt.Status));
        var compounds = (await harness.CurrentAsync("CompoundRoster", "2020-12", Qingyuan)).ToList();
        Assert.Equal(["兴华小区", "枣园小区"], compounds.Select(c => c.Value("compound_name") as string).Order());
        var stored = await harness.Storage.Rows.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: cancellation).ToListAsync(cancellation);
        Assert.All(stored.SelectMany(e => e.Select(p => p.Value).OfType<string>()), text => Assert.DoesNotContain(text, InvisibleCharacters.Is));
        // The findings report keeps the upload's real path as its name, and its lines show the path without the override.
        var report = (await harness.Storage.Results.GetBlobClient($"{disguisedPath}.findings.csv").DownloadContentAsync(cancellation)).Value.Content.ToArray();
        var lines = Encoding.UTF8.GetString(report.AsSpan(Encoding.UTF8.Preamble.Length));
        Assert.Contains("2020-12/清源街道-v2.csv,清源街道-v2.csv,2,是否有物业,error,value.boolean,", lines);
        Assert.DoesNotContain(lines, InvisibleCharacters.Is);
    }

    [Fact]
    public async Task Without_a_period_anywhere_the_upload_is_rejected_but_the_operator_can_supply_one()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAsync("清源街道.csv", Roster("A"));

        var without = await harness.Ingestion.IngestAsync("清源街道.csv", cancellationToken: TestContext.Current.CancellationToken);
        var with = await harness.Ingestion.IngestAsync("清源街道.csv", operatorPeriod: "2021-03", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("period.missing", Assert.Single(without.Findings).Code);
        Assert.Equal(ReceiptStatus.Accepted, with.Receipt.Status);
        Assert.Equal(["2021-03"], with.Receipt.Periods);
    }

    [Fact]
    public async Task A_zip_bomb_upload_is_rejected_unread_and_quarantined()
    {
        await using var harness = new PipelineHarness(storage);
        var bomb = Spreadsheets.HostileFiles.ZipBomb(2L * 1024 * 1024 * 1024);

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道.xlsx", bomb);

        Assert.Equal(ReceiptStatus.Rejected, outcome.Receipt.Status);
        Assert.Equal("file.zip-bomb", Assert.Single(outcome.Findings).Code);
        Assert.True((await harness.Storage.Quarantine.GetBlobClient("2020-12/清源街道.xlsx").ExistsAsync(TestContext.Current.CancellationToken)).Value);
        Assert.Empty(await harness.AllStoredRowsAsync());
    }

    [Fact]
    public async Task A_file_that_goes_bad_halfway_leaves_no_staged_rows_behind()
    {
        await using var harness = new PipelineHarness(storage);
        var rows = Enumerable.Range(1, 400).Select(i => $"清源街道,枣园社区,小区{i},是,专业物业,业委会,是").ToList();
        rows[350] = "清源街道,枣园社区,小区351,也许,专业物业,业委会,是";

        var outcome = await harness.UploadAndIngestAsync("2020-12/清源街道.csv", Csv([RosterHeader, .. rows]));

        Assert.Equal(ReceiptStatus.Rejected, outcome.Receipt.Status);
        Assert.Equal(352, Assert.Single(outcome.Findings).Row);
        Assert.Empty(await harness.AllStoredRowsAsync());
    }
}
