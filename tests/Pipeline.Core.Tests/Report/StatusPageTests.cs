using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Publish;
using Pipeline.Core.Report;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Tests.Report;

public sealed class StatusPageTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private const string Hostile = "110115003000/2021-01/<script>alert(1)</script>&\"x'.csv";

    private static StatusDocument Status()
    {
        var at = new DateTimeOffset(2021, 2, 2, 9, 0, 0, TimeSpan.FromHours(8));
        Receipt Make(string file, ReceiptStatus status) =>
            new(file, "h", "CompoundRoster", null, ["2021-01"], ["110115003000"], 1, status, status == ReceiptStatus.Rejected ? 1 : 0, at) { UploadedAt = at };
        return StatusDocument.From(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default,
            [Make(Hostile, ReceiptStatus.Rejected)], at.AddDays(5)));
    }

    [Fact]
    public void The_status_page_escapes_every_value_and_has_one_cell_per_street_and_obligation()
    {
        var html = StatusPage.Render(Status(), "大兴区", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/<wbr>script&gt;&amp;&quot;x&#x27;.<wbr>csv", html);
        Assert.Equal(44, html.Split("<td class=\"status s-").Length - 1);
        Assert.Contains("data-street=\"110115003000\" data-obligation=\"CompoundRoster\" data-status=\"overdue\"", html);
        Assert.Contains("大兴区 2021-01", html);
        Assert.Contains("截止 Deadline 2021-02-05 24:00", html);
        Assert.Contains("default-src 'none'", System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void The_status_page_shows_returns_with_their_reason_and_corrections_waiting_or_dismissed_all_escaped()
    {
        var at = new DateTimeOffset(2021, 2, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var accepted = new Receipt("2021-01/清源.csv", "h", "CompoundRoster", null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Accepted, 0, at) { UploadedAt = at };
        var late = new Receipt(Hostile, "h", "CompoundRoster", null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Rejected, 1, at.AddDays(9))
        {
            UploadedAt = at.AddDays(9),
            RefusedClosed = true,
        };
        var dismissedFile = late with { File = "2021-01/兴丰-更正.csv", Streets = ["110115001000"], UploadedAt = at.AddDays(10) };
        var review = PeriodReview.None
            .Return(new SubmissionReturn("110115003000", "CompoundRoster", accepted.File, at, "<b>户数</b>有误", at.AddDays(1)))!
            .Dismiss(new CorrectionDismissal(dismissedFile.File, at.AddDays(10), "已并入二月 & <i>", at.AddDays(11)))!;
        var closing = PeriodClosing.None.Close(at.AddDays(4), null)!;

        var html = StatusPage.Render(StatusDocument.From(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [accepted, late, dismissedFile], at.AddDays(12), closing, review)),
            "大兴区", DateTimeOffset.UnixEpoch);

        Assert.Contains("data-status=\"returned-by-district\"><strong>已退回 (人工)</strong>", html);
        Assert.Contains("区里退回 Returned by the district 2021-02-03 09:00：&lt;b&gt;户数&lt;/b&gt;有误", html);
        Assert.Contains("The returned file's rows stay in the provisional figures until replaced.", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("<td class=\"text path\" data-label=\"文件 File\">110115003000/<wbr>2021-<wbr>01/<wbr>&lt;script&gt;alert(1)&lt;/<wbr>script&gt;&amp;&quot;x&#x27;.<wbr>csv</td>"
            + "<td class=\"text\" data-label=\"街道 Street\">清源街道</td><td class=\"text\" data-label=\"上传 Uploaded\">2021-02-11 09:00</td><td data-label=\"封账后 After official version\">v1</td>", html);
        Assert.Contains("<td class=\"text\" data-label=\"原因 Reason\">已并入二月 &amp; &lt;i&gt;</td>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void A_refused_file_links_to_its_findings_page_and_its_path_wraps_at_its_separators()
    {
        var html = StatusPage.Render(Status(), "大兴区", DateTimeOffset.UnixEpoch);

        Assert.Contains($"<a class=\"findings\" href=\"{FindingsPage.LinkFromPeriod(Hostile)}\">1 个问题 finding(s)</a>", html);
        Assert.Contains("110115003000/<wbr>2021-<wbr>01/<wbr>&lt;script&gt;", html);
        Assert.DoesNotContain("findings.csv", html);
    }

    [Fact]
    public void An_accepted_file_with_warnings_links_to_its_findings_page_and_one_without_links_nothing()
    {
        var at = new DateTimeOffset(2021, 2, 2, 9, 0, 0, TimeSpan.FromHours(8));
        const string warned = "110115003000/2021-01/清源-台账.csv";
        Receipt Accepted(string file, string street, int warnings) =>
            new(file, "h", "CompoundRoster", null, ["2021-01"], [street], 3, ReceiptStatus.Accepted, 0, at) { UploadedAt = at, Warnings = warnings };
        var status = StatusDocument.From(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default,
            [Accepted(warned, "110115003000", 2), Accepted("110115001000/2021-01/兴丰-台账.csv", "110115001000", 0)], at.AddDays(1)));

        var html = StatusPage.Render(status, "大兴区", DateTimeOffset.UnixEpoch);

        Assert.Contains($"<a class=\"findings\" href=\"{FindingsPage.LinkFromPeriod(warned)}\">2 条待核实 warning(s)</a>", html);
        Assert.Single(html.Split("<a class=\"findings\"").Skip(1));
    }

    [Fact]
    public void The_legend_names_every_status_and_the_style_sheet_colours_each_one_and_those_to_come()
    {
        var html = StatusPage.Render(Status(), "大兴区", DateTimeOffset.UnixEpoch);
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("Pipeline.Core.Report.Assets.report.css")!;
        var css = new StreamReader(stream).ReadToEnd();

        foreach (var status in Enum.GetValues<SubmissionStatus>())
        {
            Assert.Contains($"<li class=\"s-{status.Code()}\" data-status=\"{status.Code()}\"><span class=\"swatch\" aria-hidden=\"true\"></span>{status.Chinese()} ", html);
        }

        foreach (var code in Enum.GetValues<SubmissionStatus>().Select(s => s.Code()).Append("refused").Append("returned-by-district"))
        {
            Assert.Matches($@"(?m)^\.s-{code} \{{ --status-bg: #[0-9a-f]{{6}}; --status-edge: #[0-9a-f]{{6}}; \}}$", css);
        }
    }

    [Fact]
    public void The_daily_page_lists_the_digest_escaped()
    {
        var at = new DateTimeOffset(2021, 2, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var digest = IngestionDigest.Build(new DateOnly(2021, 2, 2),
            [new Receipt(Hostile, "h", "CompoundRoster", null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Rejected, 2, at)],
            code => Daxing.FindByCode(code)?.Name) with
        {
            Waiting = [new PeriodCorrections("2021-01", [new WaitingCorrection(Hostile, ["清源街道"], at.AddDays(8), 2)])],
        };

        var html = DailyPage.Render(digest, "大兴区");

        Assert.Contains("<th scope=\"row\" class=\"text\">2021-01</th><td class=\"text path\" data-label=\"文件 File\">110115003000/<wbr>2021-<wbr>01/<wbr>&lt;script&gt;", html);
        Assert.Contains("<td class=\"text\" data-label=\"上传 Uploaded\">2021-02-10 09:00</td><td data-label=\"封账后 After official version\">v2</td>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("清源街道", html);
        Assert.Contains("<span id=\"rejected\">1</span>", html);
    }
}
