using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Core.Report;

/// <summary>
/// <c>reports/index.html</c> from <c>index.liquid</c>: every period with a report, newest first, and a link to the
/// latest; with a registry, the submission templates published beside the report, blank and per street.
/// </summary>
internal static class ReportIndex
{
    /// <param name="catalog">The catalog whose forms' templates are listed, in its order; the built-in one when not given.</param>
    public static string Render(string districtName, IReadOnlyList<string> periodsNewestFirst, DivisionRegistry? registry = null, FormCatalog? catalog = null)
    {
        // Each template's name and the label its column is headed by.
        IReadOnlyList<(string Name, string Label)> forms = [.. (catalog ?? FormCatalogs.Builtin).Forms.Select(f => (f.TemplateFile, $"{f.Title.Zh} / {f.Title.En}"))];
        return PageTemplates.Render("index", new
        {
            Page = new PageHead($"{districtName} 基层治理月报 · Community governance reports", ReportSite.ContentSecurityPolicy(null)),
            District = districtName,
            Periods = periodsNewestFirst,
            StatusPage = StatusPage.Name,
            TrendPage = TrendPage.Name,
            Templates = registry is null ? null : new
            {
                Forms = forms.Select(f => f.Label).ToList(),
                Blank = Links(forms, null),
                Streets = registry.Streets.Select(s => new { s.Name, s.Code, Links = Links(forms, s) }).ToList(),
            },
        });
    }

    // Links are relative to reports/, where the index is.
    private static List<object> Links(IReadOnlyList<(string Name, string Label)> forms, Street? street) =>
    [
        .. forms.Select(f => (object)new
        {
            Href = SubmissionTemplate.PathOf(f.Name, street)["reports/".Length..],
            File = SubmissionTemplate.FileNameOf(f.Name),
            // Names the link's column where a phone shows each street as a card (data-label).
            Form = f.Label,
        }),
    ];
}
