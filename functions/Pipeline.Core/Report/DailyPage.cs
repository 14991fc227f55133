using Pipeline.Core.Model;
using Pipeline.Core.Publish;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Report;

/// <summary><c>reports/daily/{date}.html</c>: the day's ingestion digest as a page, beside its JSON.</summary>
public static class DailyPage
{
    public static string Render(IngestionDigest digest, string districtName) => PageTemplates.Render("daily", new
    {
        Page = new PageHead($"{districtName} {digest.Date} 每日报送日志 · Daily digest", ReportSite.ContentSecurityPolicy(null)),
        District = districtName,
        Digest = digest,
        // Paths as shown: wrapped at their separators, and none reversing the line with an invisible character.
        Files = digest.Files.Select(f => new { File = LineBreaks.Of(InvisibleCharacters.Strip(f.File)), f.Kind, f.Status, f.Rows, f.Findings }).ToList(),
        Waiting = digest.Waiting.SelectMany(p => p.Corrections.Select(c => new
        {
            p.Period,
            File = LineBreaks.Of(InvisibleCharacters.Strip(c.File)),
            Streets = string.Join("、", c.StreetNames),
            Uploaded = Timestamps.Beijing(c.UploadedAt),
            c.AfterOfficialVersion,
        })).ToList(),
    });
}
