using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Plausibility;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Core.Tests.Forms;
using static Pipeline.Core.Tests.Sheets;

namespace Pipeline.Core.Tests.Plausibility;

/// <summary>Each rule at, just below and just above its threshold; explanations; warnings never reject.</summary>
public sealed class PlausibilityCheckTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private const string Qingyuan = "110115003000";

    private static readonly string?[] RosterHeader = ["街道", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖", "说明"];
    private static readonly string?[] CountsHeader = ["街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意", "说明"];

    private static PropertyTally Compounds(long n) => PropertyTally.Zero with { Compounds = n };

    private static (UploadInspection Inspection, IReadOnlyList<Finding> Warnings) Check(Sheet sheet, PreviousStreet previous)
    {
        var inspection = UploadParser.Inspect([sheet], UploadSource.ForBlob("2021-02/x.xlsx"), Daxing, IngestRules.Default);
        var warnings = PlausibilityCheck.Warnings(inspection.Observed!, "2021-02/x.xlsx", inspection.Sheet,
            (period, street) => period == "2021-02" && street == Qingyuan ? previous : null, CompiledCatalog.Builtin, Daxing);
        return (inspection, warnings);
    }

    private static Sheet Roster(int compounds, string? explanation = null, string community = "甲社区") =>
        Of("台账", [RosterHeader, .. Enumerable.Range(0, compounds).Select(i => Row("清源街道", community, $"小区{i}", "是", "业委会", "是", i == 0 ? explanation : null))]);

    private static PreviousStreet LastMonth(long compounds, params string[] communities) => new(
        new StreetAggregate(Qingyuan, Compounds(compounds), null),
        [.. (communities.Length == 0 ? ["甲社区"] : communities).Select(c => new CommunityFigures(Qingyuan, CommunityRef.Create(null, c).Key, null, c, Compounds(1), null))]);

    [Theory]
    [InlineData(120, 0)] // +20 %: at the threshold
    [InlineData(121, 1)] // just above
    [InlineData(119, 0)] // just below
    [InlineData(80, 0)]  // −20 %
    [InlineData(79, 1)]
    public void Compounds_may_change_by_twenty_percent(int now, int expected)
    {
        var (inspection, warnings) = Check(Roster(now), LastMonth(100));

        Assert.Equal(expected, warnings.Count(w => w.Code == "plausibility.compounds"));
        Assert.True(inspection.Accepted);
        Assert.All(warnings, w => Assert.Equal(FindingSeverity.Warning, w.Severity));
    }

    [Fact]
    public void A_community_present_last_month_and_missing_now_is_flagged_at_the_streets_first_row()
    {
        var (_, warnings) = Check(Roster(10), LastMonth(10, "甲社区", "乙社区"));

        var warning = Assert.Single(warnings);
        Assert.Equal(("plausibility.community-missing", 2, "街道"), (warning.Code, warning.Row, warning.Column));
        Assert.Contains("乙社区", warning.Message);
    }

    [Fact]
    public void A_warned_row_with_an_explanation_shows_it()
    {
        var (_, warnings) = Check(Roster(200, "新接收回迁小区 80 个"), LastMonth(100));

        var warning = Assert.Single(warnings);
        Assert.Contains("已说明：新接收回迁小区 80 个", warning.Message);
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
    }

    private static Sheet Counts(long received, long valid, long contacted, long resolved, long satisfied) =>
        Of("统计", CountsHeader, Row("清源街道", "甲社区", $"{received}", $"{valid}", $"{contacted}", $"{resolved}", $"{satisfied}", "0", "0", null));

    private static PreviousStreet LastMonthAppeals(AppealTally tally) => new(
        new StreetAggregate(Qingyuan, null, null),
        [new CommunityFigures(Qingyuan, CommunityRef.Create(null, "甲社区").Key, null, "甲社区", null, tally)]);

    [Theory]
    [InlineData(300, 0)] // 3×: at the threshold
    [InlineData(301, 1)]
    [InlineData(299, 0)]
    [InlineData(34, 0)]  // a third (33.3) or more
    [InlineData(33, 1)]
    public void Received_appeals_may_be_three_times_or_a_third_of_last_month(long received, int expected)
    {
        var before = new AppealTally(100, 100, 100, 100, 100, 0, 0);
        var (_, warnings) = Check(Counts(received, 10, 10, 10, 10), LastMonthAppeals(before));

        Assert.Equal(expected, warnings.Count(w => w.Code == "plausibility.received"));
    }

    [Theory]
    [InlineData(80, 0)] // 80 % against 90 %: 10 points, at the threshold
    [InlineData(79, 1)]
    [InlineData(81, 0)]
    public void A_rate_may_move_ten_points(long resolved, int expected)
    {
        var before = new AppealTally(100, 100, 100, 90, 100, 0, 0);
        var (_, warnings) = Check(Counts(100, 100, 100, resolved, 100), LastMonthAppeals(before));

        var rate = warnings.Where(w => w.Code == "plausibility.rate").ToList();
        Assert.Equal(expected, rate.Count);
        Assert.All(rate, w => Assert.Equal("已解决", w.Column));
    }

    [Fact]
    public void Without_a_previous_period_there_is_nothing_to_compare()
    {
        var inspection = UploadParser.Inspect([Roster(5)], UploadSource.ForBlob("2021-02/x.xlsx"), Daxing, IngestRules.Default);

        Assert.Empty(PlausibilityCheck.Warnings(inspection.Observed!, "x", null, (_, _) => null, CompiledCatalog.Builtin, Daxing));
    }

    [Fact]
    public void The_warning_says_in_the_catalogs_words_what_moved_from_what_to_what()
    {
        var (_, warnings) = Check(Roster(121), LastMonth(100));

        var warning = Assert.Single(warnings);
        Assert.StartsWith("小区数 121 较上月 100 变化超过 20%，请核实", warning.Message, StringComparison.Ordinal);
        Assert.Contains("/ 121 compounds against 100 last month, a change of more than 20%: check it", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_a_catalog_adds_is_checked_by_its_own_rules_on_a_measure_and_on_an_indicator()
    {
        var catalog = CatalogVariants.WithSortingForm(effectiveFrom: "2021-01");
        var rules = new[]
        {
            new PlausibilityRule("plausibility.households", "households", PlausibilityScope.Street, PlausibilityChange.Share, 0.1,
                new Bilingual("户数 {current} 较上月 {previous} 变化超过 {threshold}", "{current} households against {previous}, beyond {threshold}")),
            new PlausibilityRule("plausibility.participation", "participationRate", PlausibilityScope.Community, PlausibilityChange.Points, 0.05,
                new Bilingual("{community} 参与率 {current} 较上月 {previous} 变化超过 {threshold}", "{community}: participation {current} against {previous}, beyond {threshold}")),
        };
        var compiled = CatalogVariants.With(c => catalog.Catalog with
        {
            Forms = [.. catalog.Catalog.Forms.Select(f => f.Code == "GarbageSorting" ? f with { Plausibility = rules } : f)],
        });
        var sheet = Of("督导", ["街道", "社区", "是否督导", "户数", "参与户数"],
            Row("清源街道", "甲社区", "是", "100", "90"), Row("清源街道", "乙社区", "是", "100", "60"));
        var previous = new PreviousStreet(
            new StreetAggregate(Qingyuan, null, null) { Measures = Sorting(households: 180, participating: 150) },
            [
                new CommunityFigures(Qingyuan, CommunityRef.Create(null, "甲社区").Key, null, "甲社区", null, null) { Measures = Sorting(90, 81) },
                new CommunityFigures(Qingyuan, CommunityRef.Create(null, "乙社区").Key, null, "乙社区", null, null) { Measures = Sorting(90, 63) },
            ]);

        var inspection = UploadParser.Inspect([sheet], UploadSource.ForBlob("2021-02/x.xlsx"), Daxing, IngestRules.Default, catalog: compiled);
        var warnings = PlausibilityCheck.Warnings(inspection.Observed!, "2021-02/x.xlsx", inspection.Sheet, (_, _) => previous, compiled, Daxing);

        // Households 200 against 180: 11 % > 10 %, on the street's first row and the households column; 甲 moved 0 points,
        // 乙 from 70 % to 60 %: more than 5 points, on its own row and the participating column its numerator sums.
        Assert.Equal(
            [("plausibility.households", 2, "户数"), ("plausibility.participation", 3, "参与户数")],
            warnings.Select(w => (w.Code, w.Row, w.Column)));
        Assert.StartsWith("户数 200 较上月 180 变化超过 10%", warnings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("乙社区 参与率 60.0% 较上月 70.0% 变化超过 5 个百分点", warnings[1].Message, StringComparison.Ordinal);
        Assert.True(inspection.Accepted);
    }

    private static Dictionary<string, MeasureTotals> Sorting(double households, double participating) => new()
    {
        ["GarbageSorting"] = new(new Dictionary<string, double> { ["communities"] = 2, ["supervised"] = 2, ["households"] = households, ["participating"] = participating },
            MeasureTotals.Zero.Breakdowns),
    };
}
