using System.Globalization;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Report;

/// <summary>
/// <c>reports/{period}/status.html</c> (报送情况): the ledger as a grid of streets × obligations, each cell coloured by
/// its status (class <c>s-{code}</c>, one rule of report.css each) under a legend of every status, and who is late.
/// Each refused file, and each accepted file with warnings, links to its findings page.
/// </summary>
public static class StatusPage
{
    public const string Name = "status.html";

    public static string Render(StatusDocument status, string districtName, DateTimeOffset updated)
    {
        var obligations = status.Submissions.Select(s => (s.Obligation, s.ObligationLabel)).Distinct().ToList();
        var rows = status.Submissions.GroupBy(s => (s.StreetCode, s.StreetName)).Select(g => new
        {
            g.Key.StreetCode,
            g.Key.StreetName,
            Cells = g.Select(s => new
            {
                s.StreetCode, s.Obligation, s.ObligationLabel, s.Status, s.StatusLabel,
                // Paths as shown: one ending in U+202E must not reverse the page's line. status.json keeps the real paths,
                // and the findings page is named by the real one, as its writer names it.
                Accepted = s.Accepted is { } a ? new
                {
                    File = LineBreaks.Of(InvisibleCharacters.Strip(a.File)),
                    At = Local(a.UploadedAt),
                    a.Rows,
                    a.Warnings,
                    Findings = FindingsPage.LinkFromPeriod(a.File),
                } : null,
                Refused = s.Refused.Select(r => new
                {
                    File = LineBreaks.Of(InvisibleCharacters.Strip(r.File)),
                    At = Local(r.UploadedAt),
                    r.Findings,
                    Page = FindingsPage.LinkFromPeriod(r.File),
                }).ToList(),
                Returned = s.Returned is { } returned ? new { File = LineBreaks.Of(InvisibleCharacters.Strip(returned.File)), returned.Reason, At = Local(returned.ReturnedAt) } : null,
            }).ToList(),
        }).ToList();
        return PageTemplates.Render("status", new
        {
            Page = new PageHead($"{districtName} {status.Period} 报送情况 · Submissions", ReportSite.ContentSecurityPolicy(null)),
            District = districtName,
            status.Period,
            Deadline = status.Deadline.ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            status.PastDeadline,
            Rate = status.SubmissionRate?.ToString("0.0%", CultureInfo.InvariantCulture) ?? "—",
            Updated = Local(updated),
            Obligations = obligations.Select(o => o.ObligationLabel).ToList(),
            Rows = rows,
            status.Overdue,
            Waiting = status.Waiting.Select(w => new { File = LineBreaks.Of(InvisibleCharacters.Strip(w.File)), Streets = string.Join("、", w.StreetNames), Uploaded = Local(w.UploadedAt), w.AfterOfficialVersion }).ToList(),
            Dismissed = status.Dismissed.Select(d => new { File = LineBreaks.Of(InvisibleCharacters.Strip(d.File)), Streets = string.Join("、", d.StreetNames), Uploaded = Local(d.UploadedAt), d.Reason, At = Local(d.DismissedAt) }).ToList(),
            Legend = Enum.GetValues<SubmissionStatus>().Select(v => new { Code = v.Code(), Label = v.Chinese(), English = v.Code().Replace('-', ' ') }).ToList(),
        });
    }

    private static string Local(DateTimeOffset at) => Timestamps.Beijing(at);
}
