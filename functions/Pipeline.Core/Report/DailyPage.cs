using Pipeline.Core.Publish;

namespace Pipeline.Core.Report;

/// <summary><c>reports/daily/{date}.html</c>: the day's ingestion digest as a page, beside its JSON.</summary>
public static class DailyPage
{
    public static string Render(IngestionDigest digest, string districtName) => PageTemplates.Render("daily", new
    {
        Page = new PageHead($"{districtName} {digest.Date} 每日报送日志 · Daily digest", ReportSite.ContentSecurityPolicy(null)),
        District = districtName,
        Digest = digest,
    });
}
