using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using static Pipeline.Core.Tests.Sheets;

namespace Pipeline.Core.Tests.Forms;

/// <summary>
/// The catalog's reader, sheet for sheet: the form recognised, the rows accepted, the findings on each row, and the
/// measures of the rows accepted.
/// </summary>
public sealed class FormRowReaderTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private static readonly CompiledCatalog Catalog = CompiledCatalog.Compile(FormCatalogs.Builtin);
    private const string File = "uploads/2020-12/清源街道.xlsx";

    private static (FormHeader Header, List<FormRow> Rows, List<Finding> Findings) ReadWithCatalog(Sheet sheet, string file = File)
    {
        var rows = sheet.Rows.ToList();
        var at = rows.FindIndex(r => FormHeader.TryRead(r, Catalog, out _) is not null);
        var header = FormHeader.TryRead(rows[at], Catalog, out _)!;
        var source = UploadSource.ForBlob(file);
        var reader = new FormRowReader(header, new SheetFindings(file, sheet.Name), Daxing, source.FallbackPeriod, UploadFolders.Of(file, Daxing, IngestRules.Default), IngestRules.Default);
        var findings = new List<Finding>();
        var read = rows.Skip(at + 1).Select(r => reader.Read(r, findings)).OfType<FormRow>().ToList();
        return (header, read, findings);
    }

    [Fact]
    public void A_roster_reads_as_today_rows_findings_and_tallies()
    {
        var sheet = Of("台账",
            Row("序号", "街道", "社区", "小区名称", "小区类型", "户数", "是否有物业", "物业服务方式", "物业服务企业", "业主组织", "党组织覆盖", "备注"),
            Row("1", "清源街道", "枣园社区", "枣园小区", "商品房", "1,200", "是", "专业物业", "北京某物业公司", "业委会", "是", "备注随便写"),
            Row("2", "清源街道", "枣园社区", "兴华小区", "老旧小区", "300", "否", "红色物业", null, "无", "√", null),
            Row("3", "清源街道", "兴涛社区", "兴涛小区", null, "８００", "有", null, null, "物管会", "×", null),
            Row("4", "清源街道", "兴涛社区", "甲小区", null, "-5", "也许", null, null, "业主大会", "是", null),
            Row("5", "兴丰街道", "某社区", "乙小区", null, null, "是", null, null, "有", "是", null),
            Row("6", "清源街道", null, "丙小区", null, null, "是", null, null, "否", null, null));

        var (header, rows, findings) = ReadWithCatalog(sheet);

        Assert.Equal("CompoundRoster", header.Form.Definition.Code);
        Assert.Equal([(5, "value.boolean"), (5, "value.choice"), (5, "value.count"), (7, "value.required"), (7, "value.required")], findings.Select(f => (f.Row, f.Code)).OrderBy(f => f.Row).ThenBy(f => f.Code));
        Assert.Equal([2, 3, 4, 6], rows.Select(r => r.SourceRow));
        Assert.Equal(["110115003000", "110115003000", "110115003000", "110115001000"], rows.Select(r => r.StreetCode));
        Assert.All(rows, r => Assert.Equal("2020-12", r.Period));
        Assert.Equal("备注随便写", rows[0].Explanation);
        // The rows that read cleanly are measured: a compound each, counted by what its row says.
        var totals = Catalog.Form("CompoundRoster").Measure(rows.Select(r => (Func<string, object?>)r.Value));
        Assert.Equal((rows.Count, rows.Count(r => r.Value("has_property_service") is true), rows.Count(r => r.Value("party_org") is true)),
            ((int)totals["compounds"], (int)totals["with_property_service"], (int)totals["with_party_org"]));
    }

    [Fact]
    public void Appeal_counts_read_as_today_with_the_checks_of_the_catalog()
    {
        var sheet = Of("诉求",
            Row("街道", "社区", "受理量", "有效回访", "已联系", "已解决", "满意", "基本满意", "不满意", "响应率", "满意率"),
            Row("清源街道", "枣园社区", "10", "8", "8", "6", "5", "2", "1", "100%", "85.00%"),
            Row("清源街道", "兴涛社区", "10", "11", "12", "0", "0", "0", "0", null, null),
            Row("清源街道", "甲社区", "10", "8", "4", "4", "4", "0", "0", "60%", null),
            Row("清源街道", "乙社区", "3", "0", "0", "0", "0", "0", "0", "50%", null),
            Row("清源街道", "丙社区", "3", "x", "0", "0", "0", "0", "0", null, null));

        var (header, rows, findings) = ReadWithCatalog(sheet);

        Assert.Equal("AppealCounts", header.Form.Definition.Code);
        Assert.Equal([(3, "counts.exceeds"), (3, "counts.exceeds"), (4, "rate.mismatch"), (6, "value.count")], findings.Select(f => (f.Row, f.Code)).OrderBy(f => f.Row).ThenBy(f => f.Code));
        Assert.Equal([2, 5], rows.Select(r => r.SourceRow));
        var mismatch = Assert.Single(findings, f => f.Code == "rate.mismatch");
        Assert.Equal((4, "响应率"), (mismatch.Row, mismatch.Column));
        Assert.Contains("按数量计算应为 50.00%", mismatch.Message, StringComparison.Ordinal);
        var exceeds = Assert.Single(findings, f => f is { Row: 3, Column: "有效回访" });
        Assert.Equal("有效回访 11 超过“受理量” 10 / 有效回访 11 exceeds \"受理量\" 10", exceeds.Message);
    }

    [Fact]
    public void A_ticket_export_takes_each_rows_period_from_its_time_and_feeds_the_appeal_measures()
    {
        var sheet = Of("工单",
            Row("工单编号", "来电时间", "街道", "社区", "是否有效回访", "是否联系", "是否解决", "是否满意"),
            Row("T1", "2020-12-01 08:00", "清源街道", "枣园社区", "是", "是", "是", "满意"),
            Row("T2", "2020-11-30 23:59", "兴丰街道", "某社区", null, null, null, null),
            Row("T3", "2020-12-02 09:00", "清源街道", "枣园社区", "是", "否", "是", "一般"),
            Row("T4", "昨天", "清源街道", "枣园社区", "是", "是", "是", "基本满意"));
        const string export = "uploads/110115/12345.csv";

        var (header, rows, findings) = ReadWithCatalog(sheet, export);

        Assert.Equal("TicketExport", header.Form.Definition.Code);
        Assert.Equal([(4, "value.choice"), (5, "value.datetime")], findings.Select(f => (f.Row, f.Code)).OrderBy(f => f.Row).ThenBy(f => f.Code));
        Assert.Equal([("T1", "2020-12", "110115003000"), ("T2", "2020-11", "110115001000")], rows.Select(r => (r.Key, r.Period, r.StreetCode)));
        var totals = Catalog.Form("TicketExport").Measure(rows.Select(r => (Func<string, object?>)r.Value));
        var valid = rows.Where(r => r.Value("valid_visit") is true).ToList();
        Assert.Equal((rows.Count, valid.Count, valid.Count(r => r.Value("contacted") is true), valid.Count(r => r.Value("satisfaction") is "满意")),
            ((int)totals["received"], (int)totals["valid_visits"], (int)totals["contacted"], (int)totals["satisfied"]));
    }
}
