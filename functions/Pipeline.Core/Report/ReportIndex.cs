using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Core.Report;

/// <summary>
/// <c>reports/index.html</c> from <c>index.liquid</c>: every period with a report, newest first, and a link to the
/// latest; with a registry, the submission templates published beside the report, blank and per street.
/// </summary>
internal static class ReportIndex
{
    public static string Render(string districtName, IReadOnlyList<string> periodsNewestFirst, DivisionRegistry? registry = null) => PageTemplates.Render("index", new
    {
        Page = new PageHead($"{districtName} 基层治理月报 · Community governance reports", ReportSite.ContentSecurityPolicy(null)),
        District = districtName,
        Periods = periodsNewestFirst,
        StatusPage = StatusPage.Name,
        TrendPage = TrendPage.Name,
        Templates = registry is null ? null : new
        {
            Forms = SubmissionTemplate.Forms.Select(f => SheetLayout.For(f.Form).Label).ToList(),
            Blank = Links(null),
            Streets = registry.Streets.Select(s => new { s.Name, s.Code, Links = Links(s) }).ToList(),
        },
    });

    // Links are relative to reports/, where the index is.
    private static List<object> Links(Street? street) =>
    [
        .. SubmissionTemplate.Forms.Select(k => (object)new
        {
            Href = SubmissionTemplate.PathOf(k.Form, street)["reports/".Length..],
            File = SubmissionTemplate.FileNameOf(k.Form),
            // Names the link's column where a phone shows each street as a card (data-label).
            Form = SheetLayout.For(k.Form).Label,
        }),
    ];
}
