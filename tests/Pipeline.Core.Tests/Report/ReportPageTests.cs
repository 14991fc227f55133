using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core.Closing;
using Pipeline.Core.Figures;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;
using static Pipeline.Core.Tests.Report.ReportSamples;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Report;

public sealed class ReportPageTests
{
    private static string Page() => Render().File("reports/2020-12/index.html").Text();

    private static string Table(string page, string id) =>
        Regex.Match(page, $"<table id=\"{id}\"[^>]*>.*?</table>", RegexOptions.Singleline) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No table {id}.");

    private static string Row(string table, string code) =>
        Regex.Match(table, $"<tr data-code=\"{code}\">.*?</tr>", RegexOptions.Singleline).Value;

    [Fact]
    public void Names_service_modes_and_types_from_uploads_are_escaped_and_never_markup()
    {
        foreach (var html in Render().Where(f => f.ContentType == ReportHeaders.Html).Select(f => f.Text()))
        {
            Assert.DoesNotContain(ScriptCommunity, html, StringComparison.Ordinal);
            Assert.DoesNotContain(ImageMode, html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        }

        var page = Page();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", Table(page, "community-table"), StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", Table(page, "modes-table"), StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;别墅&lt;/b&gt;", Table(page, "compound-types-table"), StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(page, "<script", RegexOptions.IgnoreCase).Count);
    }

    [Fact]
    public void The_chart_data_is_json_in_a_data_element_with_html_characters_escaped()
    {
        var page = Page();

        var data = Regex.Match(page, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

        Assert.DoesNotContain('<', data);
        Assert.DoesNotContain('>', data);
        Assert.DoesNotContain('&', data);
        Assert.Contains("\\u003Cimg src=x onerror=alert(1)\\u003E", data, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(data);
        Assert.Equal(ImageMode, json.RootElement.GetProperty("serviceModes").EnumerateArray()
            .Select(m => m.GetProperty("name").GetString()).Single(n => n!.StartsWith('<')));
        Assert.Equal(["清源街道", "兴丰街道"], json.RootElement.GetProperty("streets").EnumerateArray().Take(2).Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void The_inline_script_is_the_only_one_the_content_security_policy_allows()
    {
        var page = Page();

        var code = Regex.Match(page, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var policy = Regex.Match(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;

        Assert.Contains($"script-src 'self' 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(code)))}'",
            System.Net.WebUtility.HtmlDecode(policy), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", System.Net.WebUtility.HtmlDecode(policy), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ranking_table_follows_the_summary_ranks_with_unranked_streets_last()
    {
        var (summary, _) = Build();

        var codes = Regex.Matches(Table(Page(), "ranking-table"), "<tr data-code=\"(\\d+)\">").Select(m => m.Groups[1].Value).ToList();

        var ranked = summary.Streets.Where(s => s.Rank is not null).OrderBy(s => s.Rank).Select(s => s.Code).ToList();
        Assert.Equal([Qingyuan, Xingfeng], ranked);
        Assert.Equal(22, codes.Count);
        Assert.Equal(ranked, codes.Take(2));
        Assert.Equal(summary.Streets.Where(s => s.Rank is null).Select(s => s.Code), codes.Skip(2));
        Assert.StartsWith("<tr data-code=\"110115003000\"><td class=\"rank\">1</td><th scope=\"row\" class=\"text street\">清源街道</th>",
            Row(Table(Page(), "ranking-table"), Qingyuan), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_without_a_denominator_shows_a_dash()
    {
        var row = Row(Table(Page(), "ranking-table"), Linxiaolu);

        Assert.StartsWith("<tr data-code=\"110115002000\"><td class=\"rank\">—</td><th scope=\"row\" class=\"text street\">林校路街道</th><td>—</td><td>—<span class=\"avg\"",
            row, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", Page(), StringComparison.Ordinal);
        Assert.DoesNotContain("0.00%", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Rates_are_percentages_with_two_decimals_and_changes_are_percentage_points()
    {
        var page = Page();
        var qingyuan = Row(Table(page, "ranking-table"), Qingyuan);

        // 3 of 4 compounds have a property service; 106 of 108 valid visits were contacted; last month 1 of 2, 90 of 100.
        Assert.Contains("<td class=\"below\" title=\"低于目标 Below target 90.00%\">▼ 75.00%</td>", qingyuan, StringComparison.Ordinal);
        Assert.Contains("<td>98.15%<span class=\"avg\" title=\"社区平均 Community average\">平均 99.00%</span></td>", qingyuan, StringComparison.Ordinal);
        // The encoder writes '+' as a character reference; read the row as a browser would.
        var trend = WebUtility.HtmlDecode(Regex.Match(Table(page, "trend-table"), "<tr><th scope=\"row\" class=\"text\">清源街道</th>.*?</tr>").Value);
        Assert.Contains("<td class=\"up\">+25.00 pp</td>", trend, StringComparison.Ordinal);
        Assert.Contains("<td class=\"up\">+8.15 pp</td>", trend, StringComparison.Ordinal);
    }

    [Fact]
    public void The_district_headline_shows_pooled_and_community_average_rates_against_targets()
    {
        var (summary, _) = Build();
        var district = Table(Page(), "district-table");

        var response = Regex.Match(district, "<tr data-indicator=\"responseRate\">.*?</tr>").Value;
        var service = Regex.Match(district, "<tr data-indicator=\"propertyServiceRate\">.*?</tr>").Value;

        Assert.Contains("全区汇总<span class=\"en\"> Pooled</span>", district, StringComparison.Ordinal);
        Assert.Contains("社区平均<span class=\"en\"> Community average</span>", district, StringComparison.Ordinal);
        Assert.Contains($"<td>{ReportPercent(summary.District.Appeals!.ResponseRate)}</td><td>{ReportPercent(summary.District.Appeals.CommunityAverage.ResponseRate)}</td>",
            response, StringComparison.Ordinal);
        Assert.Contains("▼ 80.00%", service, StringComparison.Ordinal);
        Assert.Contains("低于目标 Below target", service, StringComparison.Ordinal);
        Assert.Contains(Indicators.PropertyServiceRate, summary.District.Alerts.Select(a => a.Indicator));
    }

    [Fact]
    public void Alerts_of_the_district_and_streets_are_listed_with_their_gap()
    {
        var alerts = Table(Page(), "alerts-table");

        Assert.Contains("<th scope=\"row\" class=\"text\">清源街道</th><td class=\"text\">物业服务覆盖率 Property service</td>", alerts, StringComparison.Ordinal);
        Assert.Contains("<td class=\"down\">−15.00 pp</td>", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_drill_down_lists_each_streets_communities_with_their_own_rates()
    {
        var table = Table(Page(), "community-table");

        var qingyuan = Regex.Match(table, "<tbody data-street=\"110115003000\">.*?</tbody>", RegexOptions.Singleline).Value;
        var script = Regex.Match(qingyuan, "<tr><th scope=\"row\" class=\"text community\">&lt;script&gt;.*?</tr>").Value;

        Assert.Contains("清源街道 <span class=\"en\">2 个社区 communities</span>", qingyuan, StringComparison.Ordinal);
        // 1 of 2 compounds with service; 8 of 8 valid visits contacted, 7 resolved, (6 + 0.9) / 8 satisfied.
        Assert.Contains("<td>2</td><td class=\"below\" title=\"低于目标 Below target 90.00%\">▼ 50.00%</td>", script, StringComparison.Ordinal);
        Assert.Contains("<td>10</td><td>8</td><td>100.00%</td><td>87.50%</td><td>86.25%</td>", script, StringComparison.Ordinal);
        Assert.Equal(7, Regex.Matches(Regex.Match(table, "<tbody data-street=\"110115001000\">.*?</tbody>", RegexOptions.Singleline).Value,
            "class=\"text community\"").Count);
        Assert.Contains("<tbody data-street=\"110115002000\">", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_chart_has_its_figures_in_a_table_too()
    {
        var page = Page();

        foreach (var (chart, table) in new[] { ("chart-scores", "ranking-table"), ("chart-property", "ranking-table"), ("chart-modes", "modes-table") })
        {
            Assert.Contains($"<div id=\"{chart}\"", page, StringComparison.Ordinal);
            Assert.Contains($"<table id=\"{table}\"", page, StringComparison.Ordinal);
        }

        Assert.Contains("<figure class=\"chart\" hidden>", page, StringComparison.Ordinal);
        Assert.Contains("@media print", page, StringComparison.Ordinal);
        Assert.Contains("<td>1</td><td>20.00%</td>", Table(page, "modes-table"), StringComparison.Ordinal);
    }

    private static string ReportPercent(double? rate) => rate is { } r ? (r * 100).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}

public sealed class ReportVersionTests
{
    private static readonly DateTimeOffset Closed = new(2021, 1, 6, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_provisional_page_says_so_and_has_no_versions_yet()
    {
        var page = ReportSamples.Render().File("reports/2020-12/index.html").Text();

        Assert.Contains("<p class=\"standing provisional\" id=\"standing\"><strong>初步数据 Provisional</strong>", page, StringComparison.Ordinal);
        Assert.Contains("尚未封账 Not closed yet.", page, StringComparison.Ordinal);
    }

    [Fact]
    public void An_official_page_shows_its_version_the_history_and_what_moved_between_official_versions()
    {
        var (summary, communities) = ReportSamples.Build();
        var first = PeriodClosing.None.Close(Closed, "<b>一月通报</b>")!;
        var second = first.Reopen(Closed.AddDays(1), "兴丰街道更正")!.Close(Closed.AddDays(2), null)!;
        var v1 = summary with { Publication = Publication.Of(first) };
        // In version 2 清源 lost a resolved appeal and 兴丰 overtook it.
        var moved = summary.Streets.Select(s => s.Code == Qingyuan
            ? s with { Rank = 2, Appeals = s.Appeals! with { ResolutionRate = 0.5 } }
            : s.Code == Xingfeng ? s with { Rank = 1 } : s).ToList();
        var v2 = summary with { Revision = 9, Publication = Publication.Of(second), Streets = moved };

        var page = ReportSite.Render(v2, communities, ["2020-12"], true, CompiledCatalog.Builtin, ReportSamples.ChartLibrary, second, [v1, v2])
            .File("reports/2020-12/index.html").Text();

        Assert.Contains("<strong>正式版 v2 Official version 2</strong> <span>封账于 Closed 2021-01-08 10:00</span>", page, StringComparison.Ordinal);
        var history = Regex.Match(page, "<table id=\"versions-table\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(["正式版 v1", "重新开放 Reopened v1", "正式版 v2"], Regex.Matches(history, "<th scope=\"row\" class=\"text\">([^<]+)</th>").Select(m => m.Groups[1].Value));
        Assert.Contains("&lt;b&gt;一月通报&lt;/b&gt;", history, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">2021-01-07 10:00</td><td class=\"text\">兴丰街道更正</td>", history, StringComparison.Ordinal);
        var changes = Regex.Match(page, "<table class=\"version-changes\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<th scope=\"row\" class=\"text\">清源街道</th><td class=\"moved\">1 → 2</td><td class=\"text\">解决率 ", changes, StringComparison.Ordinal);
        Assert.Contains("→ 50.00%", changes, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"text\">兴丰街道</th><td class=\"moved\">2 → 1</td>", changes, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(changes, "<tr><th scope=\"row\"").Count);
    }
}
