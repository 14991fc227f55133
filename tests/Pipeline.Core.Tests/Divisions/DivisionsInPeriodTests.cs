using System.Text.Json.Nodes;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Plausibility;
using Pipeline.Core.Sheets;
using Pipeline.Core.Summary;
using Pipeline.Core.Validation;
using static Pipeline.Core.Tests.Divisions.GeneratedDistrict;
using static Pipeline.Core.Tests.Sheets;

namespace Pipeline.Core.Tests.Divisions;

/// <summary>Each period read with the divisions in force then: rows, tickets, groups and plausibility through 撤村建居 and a street split.</summary>
public sealed class DivisionsInPeriodTests
{
    private static readonly string?[] RosterHeader = ["街道", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖", "说明"];
    private static readonly string?[] TicketHeader = ["工单编号", "来电时间", "街乡镇", "社区", "是否有效回访", "是否联系", "是否解决", "是否满意"];
    private const string Xingfeng = "110115001000";

    private static readonly DivisionHistory District = History(Registry());

    private static UploadInspection Inspect(DivisionHistory history, string period, params string?[][] rows) =>
        UploadParser.Inspect([Of("表", rows)], UploadSource.ForBlob($"uploads/{period}/x.xlsx"), history.In(period), IngestRules.Default);

    private static List<FormRow> Records(DivisionHistory history, string period, params string?[][] rows) =>
        [.. UploadParser.Records([Of("表", rows)], UploadSource.ForBlob($"uploads/{period}/x.xlsx"), history.In(period), IngestRules.Default)];

    [Fact]
    public void A_roster_naming_a_village_after_it_became_a_residents_committee_is_refused_and_the_finding_names_the_committee()
    {
        var december = Inspect(District, "2020-12", RosterHeader, Row("兴丰街道", VillageName(0, 0), "小区", "是", "业委会", "是", null));
        var january = Inspect(District, Converted, RosterHeader, Row("兴丰街道", VillageName(0, 0), "小区", "是", "业委会", "是", null));

        Assert.True(december.Accepted);
        var finding = Assert.Single(january.Findings);
        Assert.Equal(("division.out-of-force", 2, "社区", FindingSeverity.Error), (finding.Code, finding.Row, finding.Column, finding.Severity));
        Assert.Equal($"第1街1村自 2021-01 起已改为社区“第1街1社区”，请填写“第1街1社区” / 第1街1村 has been a residents' committee, 第1街1社区, since 2021-01; use 第1街1社区",
            finding.Message);
    }

    [Fact]
    public void A_committee_named_before_it_was_set_up_is_refused_with_its_first_period()
    {
        var december = Inspect(District, "2020-12", RosterHeader, Row("兴丰街道", CommitteeName(0, 1), "小区", "是", "业委会", "是", null));

        var finding = Assert.Single(december.Findings);
        Assert.Equal("division.out-of-force", finding.Code);
        Assert.Equal("第1街1社区自 2021-01 起设立，2020-12 尚未设立 / 第1街1社区 exists from 2021-01; it did not exist yet in 2020-12", finding.Message);
    }

    [Fact]
    public void A_ticket_naming_a_converted_village_counts_for_its_committee_with_a_warning_and_the_village_a_month_before_is_its_own()
    {
        var rows = new[]
        {
            TicketHeader,
            Row("T1", "2021-01-05 09:00", "兴丰街道", VillageName(0, 3), "是", "是", "是", "满意"),
            Row("T2", "2020-12-28 09:00", "兴丰街道", VillageName(0, 3), "是", "是", "是", "满意"),
        };

        var inspection = Inspect(District, Converted, rows);
        var tickets = Records(District, Converted, rows);

        Assert.True(inspection.Accepted);
        var warning = Assert.Single(inspection.Findings);
        Assert.Equal(("division.attributed", 2, FindingSeverity.Warning), (warning.Code, warning.Row, warning.Severity));
        Assert.Equal("第1街4村自 2021-01 起已改为“第1街3社区”，此行计入“第1街3社区” / 第1街4村 has been 第1街3社区 since 2021-01; this row counts for 第1街3社区", warning.Message);
        Assert.Equal([("2021-01", "第1街3社区"), ("2020-12", "第1街4村")], tickets.Select(t => (t.Period, t.Community!.Name)));
    }

    [Fact]
    public void A_street_that_split_is_refused_naming_both_streets_and_a_ticket_naming_it_is_a_finding_not_a_guess()
    {
        var history = History(StreetSplit());

        var roster = Inspect(history, "2021-03", RosterHeader, Row("兴丰街道", "某社区", "小区", "是", "业委会", "是", null));
        var tickets = Inspect(history, "2021-03", TicketHeader, Row("T1", "2021-03-02 09:00", "兴丰街道", "某社区", "是", "是", "是", "满意"));
        var early = Inspect(history, "2021-02", RosterHeader, Row("兴丰东街道", "某社区", "小区", "是", "业委会", "是", null));

        Assert.Equal("兴丰街道自 2021-03 起已撤销，分设为兴丰东街道、兴丰西街道，请填写此行所属的单位 / 兴丰街道 has not existed since 2021-03; it became 兴丰东街道, 兴丰西街道: use the one this row belongs to",
            Assert.Single(roster.Findings).Message);
        Assert.Equal(("division.out-of-force", FindingSeverity.Error), (Assert.Single(tickets.Findings).Code, tickets.Findings[0].Severity));
        Assert.Contains("兴丰东街道自 2021-03 起设立，2021-02 尚未设立", Assert.Single(early.Findings).Message);
        // The street's own folder, by name or code, is refused the same way, whatever the rows say.
        foreach (var folder in new[] { "兴丰街道", Xingfeng })
        {
            var inFolder = UploadParser.Inspect([Of("表", RosterHeader, Row("兴丰东街道", "某社区", "小区", "是", "业委会", "是", null))],
                UploadSource.ForBlob($"uploads/2021-03/{folder}/x.xlsx"), history.In("2021-03"), IngestRules.Default);
            var refusal = Assert.Single(inFolder.Findings, f => f.Code == "division.out-of-force");
            Assert.Equal($"文件夹“{folder}”：兴丰街道自 2021-03 起已撤销，分设为兴丰东街道、兴丰西街道，请填写此行所属的单位 / The folder \"{folder}\": 兴丰街道 has not existed since 2021-03; it became 兴丰东街道, 兴丰西街道: use the one this row belongs to",
                refusal.Message);
            Assert.False(inFolder.Accepted);
        }

        Assert.Equal(22, history.In("2021-02").Streets.Count);
        Assert.Equal(23, history.In("2021-03").Streets.Count);
        Assert.Null(history.In("2021-03").FindByCode(Xingfeng));
    }

    [Fact]
    public void A_street_named_by_its_old_name_after_a_rename_is_refused_naming_the_new_one()
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        var streets = registry["streets"]!.AsArray();
        var yizhuang = streets.Single(s => (string)s!["code"]! == "110115004000")!.AsObject();
        yizhuang["name"] = "亦庄镇";
        yizhuang["kind"] = "town";
        yizhuang["until"] = "2020-06";
        yizhuang.Remove("aliases");
        streets.Add(new JsonObject { ["code"] = "110115004000", ["name"] = "亦庄地区", ["kind"] = "area", ["from"] = "2020-07" });
        var history = History(registry);

        var refused = Inspect(history, "2020-07", RosterHeader, Row("亦庄镇", "某社区", "小区", "是", "业委会", "是", null));
        var before = Inspect(history, "2020-06", RosterHeader, Row("亦庄镇", "某社区", "小区", "是", "业委会", "是", null));
        var exported = Inspect(history, "2020-07", TicketHeader, Row("T1", "2020-07-02 09:00", "亦庄镇", "某社区", "是", "是", "是", "满意"));

        Assert.Equal("亦庄镇自 2020-07 起更名为“亦庄地区”，请填写“亦庄地区” / 亦庄镇 has been named 亦庄地区 since 2020-07; use 亦庄地区", Assert.Single(refused.Findings).Message);
        Assert.True(before.Accepted);
        Assert.Equal("division.attributed", Assert.Single(exported.Findings).Code);
        Assert.Equal("110115004000", Records(history, "2020-07", TicketHeader, Row("T1", "2020-07-02 09:00", "亦庄镇", "某社区", "是", "是", "是", "满意")).Single().StreetCode);
    }

    [Fact]
    public void The_pilot_group_keeps_its_members_through_the_conversion()
    {
        var group = Registry()["groups"]![0]!["communities"]!.AsArray().Select(c => (string)c!).ToList();

        var december = District.In("2020-12").Groups.Single();
        var january = District.In(Converted).Groups.Single();

        Assert.Equal(17, group.Count);
        Assert.Equal(group, december.Communities);
        // Each village is followed to its committee; no two of the pilot villages merged into one.
        Assert.Equal(17, january.Communities.Count);
        Assert.All(january.Communities, code => Assert.Equal(code, District.In(Converted).Streets.SelectMany(s => s.Communities).Single(c => c.Code == code).Code));
        Assert.Equal(group.Select(v => District.SuccessorsIn(District.Communities.Single(c => c.Code == v), Converted).Single().Code), january.Communities);
    }

    /// <summary>
    /// 108 villages in December, their residents' committees in January with the same compounds: each street's
    /// figures are the same in both months, and no plausibility rule warns, neither of a village "gone" nor of a
    /// committee that "jumped"; a committee two villages merged into is compared with their sum.
    /// </summary>
    [Fact]
    public void The_108_converted_villages_give_exact_figures_in_both_months_and_no_plausibility_warning()
    {
        var streets = District.In(Converted).Streets.Where(s => s.Communities.Count > 0).ToList();
        var villages = District.Communities.Where(c => c.Kind == DivisionKind.Village).ToList();
        Assert.Equal(108, villages.Count);
        Assert.Equal(9, streets.Count);
        var warnings = new List<Finding>();
        var aggregates = new Dictionary<string, Dictionary<string, StreetAggregate>> { ["2020-12"] = [], [Converted] = [] };
        foreach (var (street, s) in streets.Select((street, s) => (street, s)))
        {
            // Village i has i + 1 compounds, every other one with property service; its committee all of its villages' compounds.
            string?[][] decemberRows = [RosterHeader, .. Enumerable.Range(0, 12).SelectMany(i =>
                Enumerable.Range(0, i + 1).Select(k => Row(street.Name, VillageName(s, i), $"小区{i}-{k}", k % 2 == 0 ? "是" : "否", "业委会", "是", null)))];
            string?[][] januaryRows = [RosterHeader, .. Enumerable.Range(0, 12).SelectMany(i =>
                Enumerable.Range(0, i + 1).Select(k => Row(street.Name, CommitteeName(s, CommitteeOf(i)), $"小区{i}-{k}", k % 2 == 0 ? "是" : "否", "业委会", "是", null)))];
            var december = Inspect(District, "2020-12", decemberRows);
            var january = Inspect(District, Converted, januaryRows);
            aggregates["2020-12"][street.Code] = StreetAggregate.Compute(street.Code, Records(District, "2020-12", decemberRows), CompiledCatalog.Builtin).Street;
            aggregates[Converted][street.Code] = StreetAggregate.Compute(street.Code, Records(District, Converted, januaryRows), CompiledCatalog.Builtin).Street;
            Assert.Equal(aggregates["2020-12"][street.Code].Property, aggregates[Converted][street.Code].Property);
            Assert.True(december.Accepted && january.Accepted, string.Join("\n", december.Findings.Concat(january.Findings).Select(f => f.Message)));
            var before = december.Observed!.Streets.Single();
            var after = january.Observed!.Streets.Single();
            Assert.Equal(78, before.Sums[0]);
            Assert.Equal(before.Sums, after.Sums);
            Assert.Equal(12, before.Communities.Count);
            Assert.Equal(9, after.Communities.Count);
            Assert.Equal(7, after.Communities[CommunityRef.Create(null, CommitteeName(s, 3)).Key].Sums[0]);

            var lastMonth = new PreviousStreet(new StreetAggregate(street.Code, Tally((long)before.Sums[0]), null),
                [.. before.Communities.Values.Select(c => new CommunityFigures(street.Code, c.Community.Key, null, c.Community.Name, Tally((long)c.Sums[0]), null))]);
            warnings.AddRange(PlausibilityCheck.Warnings(january.Observed!, "x.xlsx", "表", (_, _) => lastMonth, CompiledCatalog.Builtin, District.In(Converted)));
        }

        Assert.Empty(warnings.Select(w => w.Message));

        // The streets' trend runs through the change: no break, nothing to restate, and January's point equals December's.
        var trend = TrendBuilder.Build(District.In(Converted), Converted, aggregates.ToDictionary(a => a.Key,
            a => new TrendPeriod(a.Value, CompiledCatalog.Builtin) { Registry = District.In(a.Key) }));
        Assert.Null(trend.Restated);
        Assert.All(trend.Streets, s => Assert.Equal((null, null), (s.Since, s.Until)));
        Assert.All(trend.Streets.Where(s => aggregates[Converted].ContainsKey(s.Code)), s =>
            Assert.Equal(s.Indicators["propertyServiceRate"][^2], s.Indicators["propertyServiceRate"][^1]));
        Assert.Equal(trend.District.Indicators["propertyServiceRate"][^2], trend.District.Indicators["propertyServiceRate"][^1]);
        Assert.NotNull(trend.District.Indicators["propertyServiceRate"][^1]);
    }

    [Fact]
    public void Without_the_links_a_converted_village_would_be_reported_gone()
    {
        // The same file against a registry that does not know the conversion: the check is what makes the difference.
        var unlinked = DivisionRegistry.Builtin("110115")!;
        var january = UploadParser.Inspect([Of("表", RosterHeader, Row("兴丰街道", CommitteeName(0, 1), "小区", "是", "业委会", "是", null))],
            UploadSource.ForBlob("uploads/2021-01/x.xlsx"), unlinked, IngestRules.Default);
        var lastMonth = new PreviousStreet(new StreetAggregate(Xingfeng, Tally(1), null),
            [new CommunityFigures(Xingfeng, CommunityRef.Create(null, VillageName(0, 0)).Key, null, VillageName(0, 0), Tally(1), null)]);

        var unlinkedWarnings = PlausibilityCheck.Warnings(january.Observed!, "x.xlsx", "表", (_, _) => lastMonth, CompiledCatalog.Builtin, unlinked);
        var linkedWarnings = PlausibilityCheck.Warnings(january.Observed!, "x.xlsx", "表", (_, _) => lastMonth, CompiledCatalog.Builtin, District.In(Converted));

        Assert.Contains(unlinkedWarnings, w => w.Code == "plausibility.community-missing");
        Assert.Empty(linkedWarnings);
    }

    private static PropertyTally Tally(long compounds) => PropertyTally.Zero with
    {
        Compounds = compounds, WithPropertyService = compounds, WithOwnerOrganization = compounds, WithPartyOrganization = compounds,
    };

    /// <summary>Daxing with 兴丰街道 split into 兴丰东街道 and 兴丰西街道 from 2021-03.</summary>
    internal static JsonObject StreetSplit()
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        var streets = registry["streets"]!.AsArray();
        var xingfeng = streets.Single(s => (string)s!["code"]! == Xingfeng)!.AsObject();
        xingfeng["until"] = "2021-02";
        xingfeng["successors"] = new JsonArray("110115023000", "110115024000");
        streets.Add(new JsonObject { ["code"] = "110115023000", ["name"] = "兴丰东街道", ["from"] = "2021-03" });
        streets.Add(new JsonObject { ["code"] = "110115024000", ["name"] = "兴丰西街道", ["from"] = "2021-03" });
        return registry;
    }
}
