using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using static Pipeline.Core.Tests.Sheets;

namespace Pipeline.Core.Tests.Ingest;

/// <summary>What the upload's path and the calendar allow: folder rights, period folders, months not yet begun.</summary>
public sealed class UploadRulesTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static readonly string?[] RosterHeader = ["街道", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖"];

    private static readonly IngestRules OnFirstOfDecember2026 = IngestRules.Default.AsOf(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));

    private static Sheet Roster(params string[] streets) =>
        Of("台账", [RosterHeader, .. streets.Select((s, i) => Row(s, "某社区", $"小区{i}", "是", "业委会", "是"))]);

    private static UploadInspection Inspect(Sheet sheet, string path, IngestRules? rules = null) =>
        UploadParser.Inspect([sheet], UploadSource.ForBlob(path), Daxing, rules ?? IngestRules.Default);

    [Theory]
    [InlineData("110115003000/2021-01/清源.xlsx")]
    [InlineData("清源街道/2021-01/清源.xlsx")]
    [InlineData("110115/2021-01/全区.xlsx")]
    [InlineData("2021-01/全区.xlsx")]
    public void A_streets_own_folder_the_districts_folder_and_the_root_accept_the_streets_rows(string path) =>
        Assert.True(Inspect(Roster("清源街道", "清源街道"), path).Accepted);

    [Theory]
    [InlineData("110115001000/2021-01/x.xlsx", "兴丰街道")]
    [InlineData("兴丰街道/2021-01/x.xlsx", "兴丰街道")]
    [InlineData("2021-01/兴丰街道/x.xlsx", "兴丰街道")]
    public void Rows_of_another_street_in_a_streets_folder_are_refused_at_their_row(string path, string folderStreet)
    {
        var inspection = Inspect(Roster("兴丰街道", "林校路街道"), path);

        var finding = Assert.Single(inspection.Findings);
        Assert.Equal(("street.outside-folder", 3, "街道"), (finding.Code, finding.Row, finding.Column));
        Assert.Contains(folderStreet, finding.Message);
        Assert.Contains("林校路街道", finding.Message);
        Assert.False(inspection.Accepted);
    }

    [Fact]
    public void A_path_with_two_streets_folders_or_an_unknown_street_code_is_refused()
    {
        Assert.Equal("street.outside-folder", Assert.Single(Inspect(Roster("清源街道"), "110115003000/兴丰街道/2021-01/x.xlsx").Findings).Code);
        Assert.Equal("street.unknown", Assert.Single(Inspect(Roster("清源街道"), "110115999000/2021-01/x.xlsx").Findings).Code);
    }

    [Fact]
    public void With_owner_folders_required_a_file_at_the_root_is_refused_and_the_districts_folder_is_not()
    {
        var rules = IngestRules.Default with { RequireOwnerFolder = true };

        Assert.Equal("path.no-owner-folder", Assert.Single(Inspect(Roster("清源街道"), "2021-01/x.xlsx", rules).Findings).Code);
        Assert.True(Inspect(Roster("清源街道"), "110115/2021-01/x.xlsx", rules).Accepted);
        Assert.True(Inspect(Roster("清源街道"), "110115003000/2021-01/x.xlsx", rules).Accepted);
    }

    [Fact]
    public void A_month_after_the_current_Beijing_month_is_refused_from_the_folder_the_row_or_a_tickets_call_time()
    {
        var folder = Assert.Single(Inspect(Roster("清源街道"), "2027-01/x.xlsx", OnFirstOfDecember2026).Findings);
        Assert.Equal(("value.period", null), (folder.Code, folder.Row));
        Assert.Contains("2026-12", folder.Message);
        Assert.True(Inspect(Roster("清源街道"), "2026-12/x.xlsx", OnFirstOfDecember2026).Accepted);
        var oneAhead = (IngestRules.Default with { MonthsAhead = 1 }).AsOf(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.True(Inspect(Roster("清源街道"), "2027-01/x.xlsx", oneAhead).Accepted);

        var row = Of("台账", ["填报周期", .. RosterHeader], Row("2099-01", "清源街道", "某社区", "甲", "是", "业委会", "是"));
        var rowFinding = Assert.Single(Inspect(row, "x.xlsx", OnFirstOfDecember2026).Findings);
        Assert.Equal(("value.period", 2, "填报周期"), (rowFinding.Code, rowFinding.Row, rowFinding.Column));

        var tickets = Of("工单", Row("工单编号", "来电时间", "被反映街乡镇", "社区", "是否有效回访", "是否联系", "是否解决", "是否满意"),
            Row("T1", "2026-11-30 23:59", "清源街道", "某社区", "是", "是", "是", "满意"),
            Row("T2", "2099-01-01 08:00", "清源街道", "某社区", "是", "是", "是", "满意"));
        var ticketFinding = Assert.Single(Inspect(tickets, "exports/x.xlsx", OnFirstOfDecember2026).Findings);
        Assert.Equal(("value.period", 3, "来电时间"), (ticketFinding.Code, ticketFinding.Row, ticketFinding.Column));
    }

    [Fact]
    public void Another_offices_file_is_named_to_a_street_only_as_whose_it_is_and_when()
    {
        var at = new DateTimeOffset(2021, 1, 3, 2, 0, 0, TimeSpan.Zero);
        var street = UploadFolders.Of("110115003000/2021-01/a.xlsx", Daxing, IngestRules.Default);
        var district = UploadFolders.Of("110115/2021-01/all.xlsx", Daxing, IngestRules.Default);

        Assert.Equal("110115003000/2021-01/b.xlsx", street.Disclose(new Upload("110115003000/2021-01/b.xlsx", at, "e"), Daxing));
        Assert.DoesNotContain("all.xlsx", street.Disclose(new Upload("110115/2021-01/all.xlsx", at, "e"), Daxing));
        Assert.Contains("2021-01-03 10:00:00", street.Disclose(new Upload("110115/2021-01/all.xlsx", at, "e"), Daxing));
        Assert.Equal("110115003000/2021-01/a.xlsx", district.Disclose(new Upload("110115003000/2021-01/a.xlsx", at, "e"), Daxing));
    }

    [Fact]
    public void Uploads_are_ordered_by_their_time_then_their_etag()
    {
        var at = DateTimeOffset.UnixEpoch;
        Assert.True(new Upload("a", at.AddSeconds(1), "A").IsLaterThan(new Upload("b", at, "Z")));
        Assert.True(new Upload("a", at, "B").IsLaterThan(new Upload("b", at, "A")));
        Assert.False(new Upload("a", at, "A").IsLaterThan(new Upload("a", at, "A")));
        Assert.True(new Upload("a", at, "A").IsLaterThan(null));
    }
}
