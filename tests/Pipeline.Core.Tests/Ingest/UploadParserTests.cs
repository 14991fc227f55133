using Pipeline.Core.Forms;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using static Pipeline.Core.Tests.Sheets;
using Pipeline.Core.Model;

using static Pipeline.Core.Tests.Figures.FigureRows;

namespace Pipeline.Core.Tests.Ingest;

public sealed class UploadParserTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static readonly string?[] RosterHeader =
        ["序号", "街道", "社区", "小区名称", "小区类型", "户数", "是否有物业", "物业服务方式", "物业服务企业", "业主组织", "党组织覆盖", "备注"];

    private static UploadInspection Inspect(IEnumerable<Sheet> sheets, string file = "uploads/2020-12/清源街道.xlsx", string? period = null) =>
        UploadParser.Inspect(sheets, UploadSource.ForBlob(file, period), Daxing, IngestRules.Default);

    private static List<FormRow> Records(IEnumerable<Sheet> sheets, string file = "uploads/2020-12/清源街道.xlsx") =>
        [.. UploadParser.Records(sheets, UploadSource.ForBlob(file), Daxing, IngestRules.Default)];

    private static Finding Single(UploadInspection inspection, string code) =>
        Assert.Single(inspection.Findings, f => f.Code == code);

    [Fact]
    public void A_roster_below_title_rows_is_read_with_totals_and_blank_rows_skipped()
    {
        var sheet = Of("台账",
            Row("大兴区清源街道小区物业管理台账"),
            Row("填报单位：清源街道办事处", null, null, "填报日期：2020年12月"),
            RosterHeader,
            Row("1", "清源街道", "枣园社区", "枣园小区", "商品房", "1,200", "是", "专业物业", "北京某物业公司", "业委会", "是", "备注随便写"),
            Row("2", "清源街道", "枣园社区", "兴华小区", "老旧小区", "300", "否", "红色物业", null, "无", "√", null),
            Row(null, null, null, null),
            Row("3", "清源街道", "兴涛社区", "兴涛小区", "回迁社区", "８００", "有", "国企兜底", null, "物管会", "×", null),
            Row("合计", null, null, null, null, "2300"));

        var inspection = Inspect([sheet]);

        Assert.Empty(inspection.Findings);
        Assert.True(inspection.Accepted);
        Assert.Equal(("CompoundRoster", "台账", 3), (inspection.Form, inspection.Sheet, inspection.Rows));
        Assert.Equal([new SliceKey("CompoundRoster", "2020-12", "110115003000")], inspection.Slices);
        var records = Records([sheet]);
        Assert.Equal(["枣园小区", "兴华小区", "兴涛小区"], records.Select(r => r.Value("compound_name")));
        Assert.Equal([4, 5, 7], records.Select(r => r.SourceRow));
        Assert.Equal([1200.0, 300.0, 800.0], records.Select(r => r.Value("households")));
        Assert.Equal([true, false, true], records.Select(r => r.Value("has_property_service")));
        Assert.Equal(["业委会", "无", "物管会"],
            records.Select(r => r.Value("owner_org")));
        Assert.Equal([true, true, false], records.Select(r => r.Value("party_org")));
        Assert.All(records, r => Assert.Equal(("2020-12", "110115003000"), (r.Period, r.StreetCode)));
        Assert.Equal("n:枣园社区", records[0].Community!.Key);
    }

    [Theory]
    [InlineData("街乡", "社区/村", "小区", "有物业服务", "业委会(物管会)", "党的组织覆盖")]
    [InlineData("街道(乡镇)", "社区(村)", "小区名称", "物业服务", "业主组织类型", "党组织")]
    [InlineData("街道/乡镇", "村/社区", "compound", "has_property_service", "owner_org", "party_org")]
    [InlineData("乡镇", "community", "小区名称", "是否有物业", "业主组织", "党组织覆盖")]
    [InlineData("street", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖")]
    [InlineData("街道（乡镇）", "社区（村）", "小区名称 ", "*是否有物业", "业主组织：", "ＰＡＲＴＹ_ＯＲＧ")]
    public void Every_alias_group_of_the_roster_is_recognised(string street, string community, string compound, string service, string owner, string party)
    {
        var sheet = Of("Sheet1",
            Row(street, community, compound, service, owner, party),
            Row("林校路街道", "太平社区", "太平家园", "是", "是", "否"));

        var inspection = Inspect([sheet]);

        Assert.Empty(inspection.Findings);
        var record = Assert.Single(Records([sheet]));
        Assert.Equal(("110115002000", "太平家园", "有", false),
            (record.StreetCode, record.Value("compound_name"), record.Value("owner_org"), record.Value("party_org")));
    }

    [Fact]
    public void Counts_are_read_and_their_rate_columns_cross_checked()
    {
        var sheet = Of("诉求",
            Row("统计周期", "街乡代码", "社区代码", "社区", "受理量", "有效回访", "响应数", "解决数", "满意数", "基本满意数", "不满意数", "响应率", "解决率", "满意率"),
            Row("2020年12月", "110115003000", "110115003001", "枣园社区", "120", "100", "100", "95", "90", "5", "5", "100%", "95%", "94.50%"),
            Row("2020年12月", "110115003000", "110115003002", "兴涛社区", "10", "8", "8", "8", "8", "0", "0", "100.00%", "1", "100%"));

        var inspection = Inspect([sheet], "uploads/counts.xlsx");

        Assert.Empty(inspection.Findings);
        Assert.Equal("AppealCounts", inspection.Form);
        var first = Records([sheet], "uploads/counts.xlsx")[0];
        Assert.Equal(new AppealTally(120, 100, 100, 95, 90, 5, 5), TallyOf(first));
        Assert.Equal(("110115003001", "2020-12"), (first.Community!.Key, first.Period));
    }

    [Fact]
    public void A_rate_that_disagrees_with_its_counts_by_more_than_a_hundredth_of_a_percent_is_a_finding()
    {
        var sheet = Of("诉求",
            Row("街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意", "满意率"),
            Row("清源街道", "枣园社区", "100", "100", "100", "95", "90", "5", "5", "94.52%"),
            Row("清源街道", "兴涛社区", "100", "100", "100", "95", "90", "5", "5", "94.51%"));

        var finding = Single(Inspect([sheet]), "rate.mismatch");

        Assert.Equal((2, "满意率"), (finding.Row!.Value, finding.Column));
        Assert.Contains("94.50%", finding.Message);
    }

    [Fact]
    public void A_rate_above_100_percent_is_value_rate_however_it_is_written()
    {
        var sheet = Of("诉求",
            Row("街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意", "响应率"),
            Row("清源街道", "枣园社区", "100", "100", "100", "95", "90", "5", "5", "1.005"),
            Row("清源街道", "兴涛社区", "100", "100", "100", "95", "90", "5", "5", "100.5%"),
            Row("清源街道", "滨河社区", "100", "100", "100", "95", "90", "5", "5", "100.5"),
            Row("清源街道", "郁花园社区", "100", "100", "100", "95", "90", "5", "5", "1"));

        var findings = Inspect([sheet]).Findings;

        Assert.Equal([(2, "value.rate"), (3, "value.rate"), (4, "value.rate")], findings.Select(f => (f.Row!.Value, f.Code)));
    }

    [Fact]
    public void An_upload_path_with_direction_controls_cannot_reverse_its_findings_lines()
    {
        var sheet = Of("台\u202E账", Row("序号", "备注"), Row("1", "无"));

        var finding = Single(Inspect([sheet], "uploads/2020-12/清源\u202E街道\u200B.xlsx"), "file.no-header");
        // After the byte order mark the report starts with for Excel.
        var csv = System.Text.Encoding.UTF8.GetString(FindingsReport.ToCsv([finding]).AsSpan(3));

        Assert.Equal(("uploads/2020-12/清源街道.xlsx", "台账"), (finding.File, finding.Sheet));
        Assert.DoesNotContain(csv, InvisibleCharacters.Is);
    }

    [Fact]
    public void Counts_above_their_bounds_are_findings_naming_both_columns()
    {
        var sheet = Of("诉求",
            Row("街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意"),
            Row("清源街道", "枣园社区", "10", "12", "12", "13", "6", "4", "3"));

        var findings = Inspect([sheet]).Findings.Where(f => f.Code == "counts.exceeds").ToList();

        Assert.Equal(["有效回访", "已解决", "满意"], findings.Select(f => f.Column));
        Assert.Contains("\"受理量\" 10", findings[0].Message);
    }

    [Fact]
    public void Tickets_take_their_period_from_the_call_time_and_keep_no_other_columns()
    {
        var sheet = Of("工单",
            Row("工单编号", "来电时间", "主要内容", "被反映街乡镇", "村/社区", "是否有效回访", "是否联系", "是否解决", "是否满意", "来电人电话"),
            Row("GD2020120001", "2020-11-30 23:59:59", "楼道灯坏了", "清源街道", "枣园社区", "是", "是", "是", "满意", "13800000000"),
            Row("GD2020120002", "2020-12-01 00:00:00", "噪音", "亦庄镇", "某社区", "否", null, null, null, "13900000000"),
            Row("GD2020120003", "2020/12/5 9:05", "停车", "黄村地区", "某社区", "是", "是", "否", "基本满意", null));

        var inspection = Inspect([sheet], "uploads/2021-01/export.xlsx");

        Assert.Empty(inspection.Findings);
        Assert.Equal("TicketExport", inspection.Form);
        Assert.Equal(["2020-11", "2020-12"], inspection.Periods);
        var tickets = Records([sheet], "uploads/2021-01/export.xlsx");
        Assert.Equal((false, false, false, (object?)null), (tickets[1].Value("valid_visit") is true, tickets[1].Value("contacted") is true, tickets[1].Value("resolved") is true, tickets[1].Value("satisfaction")));
        Assert.Equal("基本满意", tickets[2].Value("satisfaction"));
        // Only the catalog's columns are kept: the export's content and caller columns are not read.
        Assert.All(tickets, t => Assert.Empty(t.Values.Keys.Except(FormCatalogs.Builtin.Form("TicketExport")!.Columns.Select(c => c.Key))));
    }

    [Fact]
    public void A_ticket_id_twice_in_one_export_is_a_duplicate()
    {
        var sheet = Of("工单",
            Row("工单编号", "来电时间", "街乡镇", "社区", "是否有效回访", "是否联系", "是否解决", "是否满意"),
            Row("A1", "2020-12-01 08:00", "清源街道", "枣园社区", "是", "是", "是", "满意"),
            Row("A1", "2020-12-02 08:00", "清源街道", "枣园社区", "是", "是", "是", "满意"));

        var finding = Single(Inspect([sheet]), "row.duplicate");

        Assert.Equal((3, "工单编号"), (finding.Row!.Value, finding.Column));
        Assert.Contains("第 2 行", finding.Message);
    }

    [Fact]
    public void The_first_sheet_with_a_header_is_used()
    {
        var cover = Of("说明", Row("本表由街道填写"), Row("联系人：张三"));
        var data = Of("数据", RosterHeader, Row("1", "清源街道", "枣园社区", "枣园小区", null, null, "是", null, null, "无", "是"));

        var inspection = Inspect([cover, data]);

        Assert.Equal(("数据", 1), (inspection.Sheet, inspection.Rows));
        Assert.True(inspection.Accepted);
    }

    [Fact]
    public void Without_a_known_header_the_file_is_rejected_with_a_finding_that_says_what_is_expected()
    {
        var finding = Single(Inspect([Of("Sheet1", Row("姓名", "电话"), Row("张三", "138"))]), "file.no-header");

        Assert.Equal("Sheet1", finding.Sheet);
        Assert.Contains("12345", finding.Message);
    }

    [Fact]
    public void A_missing_required_column_is_named_and_rows_are_not_read()
    {
        var inspection = Inspect([Of("Sheet1", Row("街道", "社区", "小区名称", "是否有物业", "党组织覆盖"), Row("清源街道", "枣园社区", "A", "是", "是"))]);

        var finding = Assert.Single(inspection.Findings);
        Assert.Equal(("header.missing-column", "业主组织", 1), (finding.Code, finding.Column, finding.Row!.Value));
    }

    [Fact]
    public void A_sheet_with_no_street_column_is_told_to_add_one()
    {
        var finding = Single(Inspect([Of("Sheet1", Row("社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖"))]), "header.missing-column");

        Assert.Contains("街乡代码", finding.Message);
    }

    [Fact]
    public void A_column_given_twice_is_a_finding()
    {
        var finding = Single(Inspect([Of("Sheet1", [.. RosterHeader, "小区"])]), "header.duplicate-column");

        Assert.Equal("小区名称", finding.Column);
    }

    [Fact]
    public void A_header_with_no_rows_below_is_rejected() =>
        Single(Inspect([Of("Sheet1", RosterHeader, Row("合计"))]), "file.no-rows");

    [Fact]
    public void Value_findings_name_the_row_and_the_header_as_written()
    {
        var sheet = Of("台账",
            Row("街道", "社区", "小区名称", "户数（户）", "是否有物业", "业主组织", "党组织覆盖", "社区代码", "填报周期"),
            Row("清源街道", "枣园社区", "A", "-5", "可能", "有个群", "是", null, "2020-12"),
            Row("朝阳门街道", "枣园社区", "B", "1", "是", "无", "是", null, "2020-12"),
            Row("清源街道", null, "C", "1", "是", "无", null, "110115004001", "2020-13"),
            Row("清源街道", "枣园社区", null, "1.5", "是", "无", "是", null, "2020-12"));

        var findings = Inspect([sheet]).Findings.Select(f => (f.Row, f.Column, f.Code)).Order().ToList();

        (int?, string?, string)[] expected =
        [
            (2, "户数(户)", "value.count"), (2, "是否有物业", "value.boolean"), (2, "业主组织", "value.choice"),
            (3, "街道", "street.unknown"),
            (4, "填报周期", "value.period"), (4, "社区", "value.required"), (4, "社区代码", "community.code"), (4, "党组织覆盖", "value.required"),
            (5, "小区名称", "value.required"), (5, "户数(户)", "value.count"),
        ];
        Assert.Equal(expected.Order().ToList(), findings);
    }

    [Fact]
    public void A_street_code_and_name_that_disagree_are_a_finding()
    {
        var sheet = Of("台账",
            Row("街乡代码", "街道", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖"),
            Row("110115003000", "兴丰街道", "枣园社区", "A", "是", "无", "是"));

        var finding = Single(Inspect([sheet]), "street.mismatch");

        Assert.Equal((2, "街道"), (finding.Row!.Value, finding.Column));
    }

    [Fact]
    public void The_same_compound_twice_in_a_street_is_a_duplicate_but_in_another_community_it_is_not()
    {
        var sheet = Of("台账", RosterHeader,
            Row("1", "清源街道", "枣园社区", "枣园小区", null, null, "是", null, null, "无", "是"),
            Row("2", "清源街道", "兴涛社区", "枣园小区", null, null, "是", null, null, "无", "是"),
            Row("3", "清源街道", "枣园社区", "枣园 小区", null, null, "是", null, null, "无", "是"));

        var finding = Single(Inspect([sheet]), "row.duplicate");

        Assert.Equal(4, finding.Row);
    }

    [Fact]
    public void Without_any_period_the_upload_is_rejected_but_validation_only_warns()
    {
        var sheet = Of("台账", RosterHeader, Row("1", "清源街道", "枣园社区", "枣园小区", null, null, "是", null, null, "无", "是"));

        var upload = Single(Inspect([sheet], "uploads/清源街道.xlsx"), "period.missing");
        var offline = UploadParser.Inspect([sheet], new UploadSource("清源街道.xlsx") { PeriodMayComeLater = true }, Daxing, IngestRules.Default);

        Assert.Equal(FindingSeverity.Error, upload.Severity);
        Assert.Contains("--period", upload.Message);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(offline.Findings).Severity);
        Assert.True(offline.Accepted);
    }

    [Fact]
    public void The_period_comes_from_the_row_then_the_path_then_the_operator()
    {
        string?[] header = ["填报周期", .. RosterHeader];
        var sheet = Of("台账", header,
            Row("2020-11", "1", "清源街道", "枣园社区", "A", null, null, "是", null, null, "无", "是"),
            Row(null, "2", "清源街道", "枣园社区", "B", null, null, "是", null, null, "无", "是"));

        Assert.Equal(["2020-11", "2021-06"], Inspect([sheet], "uploads/a.xlsx", "2021-06").Periods);
        var inFolder = Of("台账", header,
            Row("2020-12", "1", "清源街道", "枣园社区", "A", null, null, "是", null, null, "无", "是"),
            Row(null, "2", "清源街道", "枣园社区", "B", null, null, "是", null, null, "无", "是"));
        var folder = Inspect([inFolder], "uploads/2020-12/a.xlsx", "2021-06");
        Assert.True(folder.Accepted);
        Assert.Equal(["2020-12"], folder.Periods);
    }

    [Fact]
    public void A_row_period_that_differs_from_the_period_folder_is_a_finding_at_that_cell()
    {
        string?[] header = ["填报周期", .. RosterHeader];
        var sheet = Of("台账", header,
            Row("2020-12", "1", "清源街道", "枣园社区", "A", null, null, "是", null, null, "无", "是"),
            Row("2021-01", "2", "清源街道", "枣园社区", "B", null, null, "是", null, null, "无", "是"));

        var finding = Assert.Single(Inspect([sheet], "uploads/2020-12/a.xlsx").Findings);

        Assert.Equal(("period.mismatch", 3, "填报周期"), (finding.Code, finding.Row, finding.Column));
        Assert.Contains("2021-01", finding.Message);
        Assert.Contains("2020-12", finding.Message);
    }

    [Fact]
    public void Findings_stop_at_the_limit_with_a_note()
    {
        var rows = Enumerable.Range(0, 5000).Select(i => Row("1", "清源街道", "枣园社区", $"小区{i}", null, null, "也许", null, null, "无", "是"));
        var inspection = UploadParser.Inspect([Of("台账", [RosterHeader, .. rows])], UploadSource.ForBlob("uploads/2020-12/x.xlsx"),
            Daxing, IngestRules.Default with { MaxFindings = 100 });

        Assert.Equal(101, inspection.Findings.Count);
        Assert.Equal("file.too-many-findings", inspection.Findings[^1].Code);
        Assert.False(inspection.Accepted);
    }

    [Fact]
    public void A_reader_failure_midway_becomes_the_files_finding()
    {
        static IEnumerable<SheetRow> Failing()
        {
            yield return SheetRow.Of(1, RosterHeader.Select(Cell.FromText));
            throw new SpreadsheetRejectedException(FileFindings.Corrupt("x.xlsx", "台账"));
        }

        var inspection = Inspect([new Sheet("台账", Failing())]);

        Assert.Equal("file.corrupt", Assert.Single(inspection.Findings).Code);
        Assert.False(inspection.Accepted);
    }

    [Theory]
    [InlineData("填报周期", "街道代码", "社区代码", "社区", "受理数", "有效回访量", "联系数", "解决数", "满意数", "基本满意数", "不满意数")]
    [InlineData("period", "street_code", "community_code", "community", "received", "valid_visits", "contacted", "resolved", "satisfied", "basic_satisfied", "unsatisfied")]
    [InlineData("统计周期", "街乡代码", "社区村代码", "社区/村", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意")]
    public void Every_alias_group_of_the_counts_sheet_is_recognised(params string[] header)
    {
        var sheet = Of("Sheet1", header, Row("2020-12", "110115003000", "110115003001", "枣园社区", "10", "9", "9", "8", "7", "1", "1"));

        var inspection = Inspect([sheet], "uploads/counts.xlsx");

        Assert.Empty(inspection.Findings);
        Assert.Equal("AppealCounts", inspection.Form);
        Assert.Equal(new AppealTally(10, 9, 9, 8, 7, 1, 1), TallyOf(Assert.Single(Records([sheet], "uploads/counts.xlsx"))));
    }

    [Theory]
    [InlineData("工单编号", "来电时间", "被反映街乡镇", "村/社区", "是否有效回访", "是否联系", "是否解决", "是否满意")]
    [InlineData("ticket_id", "received_at", "street", "community", "valid_visit", "contacted", "resolved", "satisfaction")]
    [InlineData("工单号", "受理时间", "街乡镇", "社区", "有效回访", "是否响应", "是否解决", "满意度")]
    public void Every_alias_group_of_the_ticket_export_is_recognised(params string[] header)
    {
        var sheet = Of("工单", header, Row("T1", "2020-12-01 08:00", "清源街道", "枣园社区", "是", "是", "否", "基本满意"));

        var inspection = Inspect([sheet], "uploads/export.xlsx");

        Assert.Empty(inspection.Findings);
        var ticket = Assert.Single(Records([sheet], "uploads/export.xlsx"));
        Assert.Equal(("T1", true, false, "基本满意"), (ticket.Value("ticket_id"), ticket.Value("contacted") is true, ticket.Value("resolved") is true, ticket.Value("satisfaction")));
    }

    [Fact]
    public void Ticket_and_rate_values_that_cannot_be_read_are_findings()
    {
        var tickets = Of("工单",
            Row("工单编号", "来电时间", "街乡镇", "社区", "是否有效回访", "是否联系", "是否解决", "是否满意"),
            Row("T1", "昨天上午", "清源街道", "枣园社区", "是", "是", "是", "挺好"),
            Row(null, "2020-12-01 08:00", "清源街道", "枣园社区", "是", "是", "是", "满意"));
        var counts = Of("诉求",
            Row("街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意", "解决率"),
            Row("清源街道", "枣园社区", "10", "10", "10", "9", "9", "0", "1", "很高"));

        var ticketFindings = Inspect([tickets]).Findings.Select(f => (f.Row, f.Column, f.Code)).Order().ToList();
        var countFinding = Single(Inspect([counts]), "value.rate");

        (int?, string?, string)[] expected = [(2, "来电时间", "value.datetime"), (2, "是否满意", "value.choice"), (3, "工单编号", "value.required")];
        Assert.Equal(expected.Order(), ticketFindings);
        Assert.Equal((2, "解决率"), (countFinding.Row!.Value, countFinding.Column));
    }
}
