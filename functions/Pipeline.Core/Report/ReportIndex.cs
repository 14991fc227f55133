namespace Pipeline.Core.Report;

/// <summary><c>reports/index.html</c> from <c>index.liquid</c>: every period with a report, newest first, and a link to the latest.</summary>
internal static class ReportIndex
{
    public static string Render(string districtName, IReadOnlyList<string> periodsNewestFirst) => PageTemplates.Render("index", new
    {
        Page = new PageHead($"{districtName} 基层治理月报 · Community governance reports", ReportSite.ContentSecurityPolicy(null)),
        District = districtName,
        Periods = periodsNewestFirst,
        StatusPage = StatusPage.Name,
        TrendPage = TrendPage.Name,
    });
}
