using System.Text;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>A registry file with a community group: the group's figures in summary.json, on the page and in groups.csv.</summary>
public sealed class CommunityGroupReportTests(StorageTestEnvironment storage)
{
    [Fact]
    public async Task A_group_from_the_registry_file_is_figured_in_the_summary_the_page_and_groups_csv()
    {
        using var registry = new Hosting.TemporaryFile("""
            { "district": { "code": "110115", "name": "大兴区" },
              "streets": [ { "code": "110115003000", "name": "清源街道" }, { "code": "110115001000", "name": "兴丰街道" } ],
              "groups": [ { "code": "pilot", "name": "<b>试点</b>", "communities": [ "110115003001", "110115001001" ] } ] }
            """);
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:RegistryFile"] = registry.Path });
        await harness.UploadAndProcessAsync("2020-12/诉求.csv", Csv("街道,社区,社区代码,受理量,有效回访,已联系,已解决,满意,基本满意,不满意",
            "清源街道,甲社区,110115003001,10,10,10,9,8,1,1",
            "清源街道,乙社区,110115003002,10,10,5,5,5,0,5",
            "兴丰街道,丙社区,110115001001,20,20,20,19,18,1,1"));

        var summary = SummaryJson.Deserialize(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.json"));
        var group = Assert.Single(summary.Groups);
        Assert.Equal((2, 2, 30L, 28L), (group.Members, group.Reporting, group.Appeals!.ValidVisits, group.Appeals.Resolved));
        var page = Encoding.UTF8.GetString(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/index.html"));
        Assert.Contains("<tr data-group=\"pilot\"><th scope=\"row\" class=\"text\">&lt;b&gt;试点&lt;/b&gt;</th><td>2 / 2</td>", page, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/groups.csv"));
        Assert.StartsWith("\uFEFF分组代码 group_code,分组 group,成员社区 members,有数据社区 reporting,综合得分 score,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\npilot,<b>试点</b>,2,2,", csv, StringComparison.Ordinal);
    }
}
