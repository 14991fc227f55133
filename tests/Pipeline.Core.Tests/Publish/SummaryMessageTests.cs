using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Closing;
using Pipeline.Core.Publish;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Publish;

public sealed class SummaryMessageTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static SummaryDocument Document(string kind, long revision) =>
        SummaryBuilder.Build(Daxing, "2020-12", kind, revision, DateTimeOffset.UnixEpoch, new Dictionary<string, StreetAggregate>(),
            new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin);

    [Fact]
    public void The_id_is_a_function_of_period_kind_and_revision_so_re_sends_are_duplicates()
    {
        var first = SummaryMessage.For(Document(SummaryDocument.Monthly, 4));
        var again = SummaryMessage.For(Document(SummaryDocument.Monthly, 4) with { GeneratedAt = "2030-01-01T00:00:00Z" });
        var next = SummaryMessage.For(Document(SummaryDocument.Monthly, 5));

        Assert.Equal("governance-summary:110115:2020-12:monthly:r4", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, next.MessageId);
    }

    [Fact]
    public void Subjects_and_properties_let_subscribers_filter_without_reading_the_body()
    {
        var daily = SummaryMessage.For(Document(SummaryDocument.Daily, 2), new DateOnly(2020, 12, 18));

        Assert.Equal("summary.daily", daily.Subject);
        Assert.Equal("governance-summary:110115:2020-12:daily:r2:2020-12-18", daily.MessageId);
        Assert.Equal(new Dictionary<string, object>
        {
            ["schema"] = "governance-summary/v2", ["period"] = "2020-12", ["kind"] = "daily", ["districtCode"] = "110115", ["revision"] = 2L,
            ["status"] = "provisional",
        }, daily.Properties);
        Assert.Throws<ArgumentException>(() => SummaryMessage.For(Document(SummaryDocument.Daily, 2)));
    }

    [Fact]
    public void The_summary_a_close_issues_has_the_official_subject_and_carries_its_version()
    {
        var closed = PeriodClosing.None.Close(new DateTimeOffset(2021, 1, 6, 2, 0, 0, TimeSpan.Zero), "一月通报")!;
        var official = Document(SummaryDocument.Monthly, 5) with { Publication = Publication.Of(closed) };
        var reopened = Document(SummaryDocument.Monthly, 6) with { Publication = Publication.Of(closed.Reopen(new DateTimeOffset(2021, 1, 8, 2, 0, 0, TimeSpan.Zero), "更正")!) };

        var message = SummaryMessage.For(official);
        var after = SummaryMessage.For(reopened);

        Assert.Equal(("summary.official", "official", 1), (message.Subject, message.Properties["status"], message.Properties["officialVersion"]));
        Assert.Equal(new Publication(Publication.Official, 1, "2021-01-06T02:00:00Z", "一月通报"), official.Publication);
        Assert.Equal(("summary.monthly", "provisional", 1), (after.Subject, after.Properties["status"], after.Properties["officialVersion"]));
        Assert.Equal("governance-summary:110115:2020-12:monthly:r5", message.MessageId);
    }

    [Fact]
    public void The_digest_counts_files_per_street_and_puts_files_without_streets_under_unknown()
    {
        var at = new DateTimeOffset(2020, 12, 16, 2, 0, 0, TimeSpan.Zero);
        Receipt Receipt(string file, ReceiptStatus status, int findings, params string[] streets) =>
            new(file, file, "CompoundRoster", "s", ["2020-12"], streets, 3, status, findings, at);

        var digest = IngestionDigest.Build(new DateOnly(2020, 12, 16),
        [
            Receipt("a.xlsx", ReceiptStatus.Accepted, 0, "110115003000"),
            Receipt("b.xlsx", ReceiptStatus.Rejected, 4, "110115003000", "110115001000"),
            Receipt("c.png", ReceiptStatus.Rejected, 1),
            Receipt("d.xlsx", ReceiptStatus.Pending, 0, "110115003000"),
        ], code => Daxing.FindByCode(code)?.Name);

        Assert.Equal(("2020-12-16", 1, 2), (digest.Date, digest.FilesAccepted, digest.FilesRejected));
        Assert.Equal(
        [
            new StreetDigest("110115001000", "兴丰街道", 0, 1, 4),
            new StreetDigest("110115003000", "清源街道", 1, 1, 4),
            new StreetDigest("unknown", null, 0, 1, 1),
        ], digest.Streets);
        Assert.Equal(3, digest.Files.Count);
    }
}
