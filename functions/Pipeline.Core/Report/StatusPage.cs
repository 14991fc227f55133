using System.Globalization;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Report;

/// <summary><c>reports/{period}/status.html</c> (报送情况): the ledger as a grid of streets × obligations, and who is late.</summary>
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
                s.StreetCode, s.Obligation, s.Status, s.StatusLabel,
                // Paths as shown: one ending in U+202E must not reverse the page's line. status.json keeps the real paths.
                Accepted = s.Accepted is { } a ? a with { File = InvisibleCharacters.Strip(a.File), WarningsReport = InvisibleCharacters.Strip(a.WarningsReport) } : null,
                AcceptedAt = s.Accepted is { } accepted ? Local(accepted.UploadedAt) : null,
                Refused = s.Refused.Select(r => new { File = InvisibleCharacters.Strip(r.File), At = Local(r.UploadedAt), r.Findings, Report = InvisibleCharacters.Strip(r.FindingsReport) }).ToList(),
                Returned = s.Returned is { } returned ? new { File = InvisibleCharacters.Strip(returned.File), returned.Reason, At = Local(returned.ReturnedAt) } : null,
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
            Waiting = status.Waiting.Select(w => new { File = InvisibleCharacters.Strip(w.File), Streets = string.Join("、", w.StreetNames), Uploaded = Local(w.UploadedAt), w.AfterOfficialVersion }).ToList(),
            Dismissed = status.Dismissed.Select(d => new { File = InvisibleCharacters.Strip(d.File), Streets = string.Join("、", d.StreetNames), Uploaded = Local(d.UploadedAt), d.Reason, At = Local(d.DismissedAt) }).ToList(),
        });
    }

    private static string Local(DateTimeOffset at) => Timestamps.Beijing(at);
}
