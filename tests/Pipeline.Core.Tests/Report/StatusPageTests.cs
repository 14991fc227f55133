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
            new(file, "h", SheetKind.CompoundRoster, null, ["2021-01"], ["110115003000"], 1, status, status == ReceiptStatus.Rejected ? 1 : 0, at) { UploadedAt = at };
        return StatusDocument.From(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default,
            [Make(Hostile, ReceiptStatus.Rejected)], at.AddDays(5)));
    }

    [Fact]
    public void The_status_page_escapes_every_value_and_has_one_cell_per_street_and_obligation()
    {
        var html = StatusPage.Render(Status(), "大兴区", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x&#x27;.csv", html);
        Assert.Equal(44, html.Split("data-status=\"").Length - 1);
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
        var accepted = new Receipt("2021-01/清源.csv", "h", SheetKind.CompoundRoster, null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Accepted, 0, at) { UploadedAt = at };
        var late = new Receipt(Hostile, "h", SheetKind.CompoundRoster, null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Rejected, 1, at.AddDays(9))
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
        Assert.Contains("<td class=\"text\">110115003000/2021-01/&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x&#x27;.csv</td><td class=\"text\">清源街道</td><td class=\"text\">2021-02-11 09:00</td><td>v1</td>", html);
        Assert.Contains("<td class=\"text\">已并入二月 &amp; &lt;i&gt;</td>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void The_daily_page_lists_the_digest_escaped()
    {
        var at = new DateTimeOffset(2021, 2, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var digest = IngestionDigest.Build(new DateOnly(2021, 2, 2),
            [new Receipt(Hostile, "h", SheetKind.CompoundRoster, null, ["2021-01"], ["110115003000"], 1, ReceiptStatus.Rejected, 2, at)],
            code => Daxing.FindByCode(code)?.Name) with
        {
            Waiting = [new PeriodCorrections("2021-01", [new WaitingCorrection(Hostile, ["清源街道"], at.AddDays(8), 2)])],
        };

        var html = DailyPage.Render(digest, "大兴区");

        Assert.Contains("<th scope=\"row\" class=\"text\">2021-01</th><td class=\"text\">110115003000/2021-01/&lt;script&gt;", html);
        Assert.Contains("<td class=\"text\">2021-02-10 09:00</td><td>v2</td>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("清源街道", html);
        Assert.Contains("<span id=\"rejected\">1</span>", html);
    }
}
