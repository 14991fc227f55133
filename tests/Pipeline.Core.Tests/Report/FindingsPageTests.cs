using System.Text.RegularExpressions;
using Pipeline.Core.Report;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Tests.Report;

public sealed partial class FindingsPageTests
{
    private const string Hostile = "110115003000/2021-01/<script>alert(1)</script>&\"x'.csv";

    [Fact]
    public void A_findings_page_is_named_by_a_digest_of_the_path_under_reports_findings_which_the_report_serves()
    {
        var path = FindingsPage.PathOf(Hostile);

        Assert.Matches(PageName(), path);
        Assert.Equal(new ReportTarget.Blob(path), ReportPath.Resolve("/" + path));
        Assert.NotEqual(path, FindingsPage.PathOf(Hostile + " "));
        // From a period's status page (reports/2021-01/status.html) the link reaches the same blob.
        Assert.Equal(path, new Uri(new Uri("https://app.example/reports/2021-01/status.html"), FindingsPage.LinkFromPeriod(Hostile)).AbsolutePath[1..]);
    }

    [Fact]
    public void A_findings_page_shows_each_finding_escaped_in_a_table_row_with_its_place_code_and_severity()
    {
        Finding[] findings =
        [
            new(Hostile, "台账", 7, "<b>是否</b>", "value.yes-no", "“也许”不是 是/否 / \"maybe\" is not yes or no <img src=x>"),
            new(Hostile, null, null, null, "plausibility.rate", "变化过大 / Changed too much") { Severity = FindingSeverity.Warning },
        ];

        var html = FindingsPage.Render(Hostile, findings, "大兴区", new DateTimeOffset(2021, 2, 2, 1, 0, 0, TimeSpan.Zero));

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x>", html);
        Assert.DoesNotContain("<b>是否</b>", html);
        Assert.Contains("&lt;img src=x&gt;", html);
        Assert.Equal(2, html.Split("<tr data-severity=").Length - 1);
        Assert.Contains("<tr data-severity=\"error\">", html);
        Assert.Contains("<tr data-severity=\"warning\">", html);
        Assert.Contains("<td class=\"text\" data-label=\"行 Row\">7</td>", html);
        Assert.Contains("<td class=\"text\" data-label=\"列 Column\">&lt;b&gt;是否&lt;/b&gt;</td>", html);
        Assert.Contains("value.<wbr>yes-<wbr>no", html);
        Assert.Contains("<span id=\"verdict\">退回 Refused</span>", html);
        Assert.Contains("更新 Updated 2021-02-02 09:00", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain(" style=", html);
    }

    [Fact]
    public void Warnings_alone_are_an_accepted_file_to_check()
    {
        var html = FindingsPage.Render("2021-01/a.csv", [new("2021-01/a.csv", null, 3, null, "plausibility.rate", "m") { Severity = FindingSeverity.Warning }], "大兴区", DateTimeOffset.UnixEpoch);

        Assert.Contains("<span id=\"verdict\">已接收，待核实 Accepted, to check</span>", html);
    }

    [GeneratedRegex("^reports/findings/[0-9a-f]{32}\\.html$")]
    private static partial Regex PageName();
}
