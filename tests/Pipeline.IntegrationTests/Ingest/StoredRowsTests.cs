using Azure.Data.Tables;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>
/// Rows of the built-in forms stored before every form's rows were stored as column values read back as the rows the
/// catalog reads from the same sheet, so periods stored then recompute to the same figures.
/// </summary>
public sealed class StoredRowsTests
{
    private const string Qingyuan = "110115003000";
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static TableEntity Stored(string key, int row, string community, params (string Name, object Value)[] properties)
    {
        var entity = new TableEntity("p", key)
        {
            ["Period"] = "2020-12", ["StreetCode"] = Qingyuan, ["SourceFile"] = "2020-12/清源街道.csv", ["SourceRow"] = row,
            ["CommunityKey"] = $"n:{community}", ["CommunityName"] = community,
        };
        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    private static List<FormRow> Read(string file, params string[] lines)
    {
        using var stream = new MemoryStream(Csv(lines));
        return [.. UploadReading.Records(stream, UploadSource.ForBlob(file), new IngestContext(Daxing, IngestRules.Default, SpreadsheetLimits.Default))];
    }

    private static void SameRows(IReadOnlyList<FormRow> read, IReadOnlyList<FormRow> stored, params string[] columns)
    {
        Assert.Equal(read.Select(r => (r.Key, r.Period, r.StreetCode, r.Community, r.SourceRow)), stored.Select(r => (r.Key, r.Period, r.StreetCode, r.Community, r.SourceRow)));
        foreach (var column in columns)
        {
            Assert.Equal(read.Select(r => r.Value(column)), stored.Select(r => r.Value(column)));
        }
    }

    [Fact]
    public void A_roster_counts_and_tickets_stored_the_earlier_way_read_back_as_the_catalog_reads_their_sheets_and_figure_the_same()
    {
        var roster = Read("2020-12/清源街道.csv", RosterHeader, "清源街道,枣园社区,枣园小区,是,专业物业,业委会,是", "清源街道,枣园社区,兴华小区,否,,无,否",
            "清源街道,兴涛社区,兴涛小区,是,,有,是");
        var storedRoster = new[]
        {
            Stored("n:枣园社区|枣园小区", 2, "枣园社区", ("CompoundName", "枣园小区"), ("HasPropertyService", true), ("ServiceMode", "专业物业"), ("OwnerOrganization", "OwnersCommittee"), ("PartyOrganization", true)),
            Stored("n:枣园社区|兴华小区", 3, "枣园社区", ("CompoundName", "兴华小区"), ("HasPropertyService", false), ("OwnerOrganization", "None"), ("PartyOrganization", false)),
            Stored("n:兴涛社区|兴涛小区", 4, "兴涛社区", ("CompoundName", "兴涛小区"), ("HasPropertyService", true), ("OwnerOrganization", "Unspecified"), ("PartyOrganization", true)),
        }.Select(e => RecordEntities.FromEntity("CompoundRoster", e)).ToList();
        var tickets = Read("2020-12/export.csv", TicketHeader, "T1,2020-12-01 08:00,漏水,清源街道,枣园社区,是,是,否,基本满意", "T2,2020-12-02 09:30,停车,清源街道,兴涛社区,否,,,");
        var storedTickets = new[]
        {
            Stored("T1", 2, "枣园社区", ("TicketId", "T1"), ("ReceivedAt", "2020-12-01T08:00:00"), ("ValidVisit", true), ("Contacted", true), ("Resolved", false), ("Satisfaction", "BasicallySatisfied")),
            Stored("T2", 3, "兴涛社区", ("TicketId", "T2"), ("ReceivedAt", "2020-12-02T09:30:00"), ("ValidVisit", false), ("Contacted", false), ("Resolved", false)),
        }.Select(e => RecordEntities.FromEntity("TicketExport", e)).ToList();
        var counts = Read("2020-12/counts.csv", CountsHeader, "清源街道,枣园社区,120,100,100,95,90,5,5");
        var storedCounts = new[]
        {
            Stored("n:枣园社区", 2, "枣园社区", ("Received", 120L), ("ValidVisits", 100L), ("Contacted", 100L), ("Resolved", 95L), ("Satisfied", 90L), ("BasicSatisfied", 5L), ("Unsatisfied", 5L)),
        }.Select(e => RecordEntities.FromEntity("AppealCounts", e)).ToList();

        SameRows(roster, storedRoster, "compound_name", "has_property_service", "service_mode", "owner_org", "party_org");
        SameRows(counts, storedCounts, "received", "valid_visits", "contacted", "resolved", "satisfied", "basic_satisfied", "unsatisfied");
        // The earlier way kept no false yes/no of a ticket it did not need; a blank and a 否 figure alike.
        Assert.Equal(tickets.Select(t => (t.Key, t.Value("received_at"), t.Value("valid_visit") is true, t.Value("contacted") is true, t.Value("resolved") is true, t.Value("satisfaction"))),
            storedTickets.Select(t => (t.Key, t.Value("received_at"), t.Value("valid_visit") is true, t.Value("contacted") is true, t.Value("resolved") is true, t.Value("satisfaction"))));
        foreach (var (fromSheets, fromStorage) in new[] { (roster.Concat(counts), storedRoster.Concat(storedCounts)), (roster.Concat(tickets), storedRoster.Concat(storedTickets)) })
        {
            Assert.Equal(FiguresStore.Serialize(StreetAggregate.Compute(Qingyuan, [.. fromSheets], CompiledCatalog.Builtin).Street),
                FiguresStore.Serialize(StreetAggregate.Compute(Qingyuan, [.. fromStorage], CompiledCatalog.Builtin).Street));
        }
    }
}
