using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Report;

/// <summary>
/// <c>reports/findings/{digest}.html</c> (问题清单), from <c>findings.liquid</c>: one upload's findings as a page, the
/// reasons a file was refused or the plausibility warnings of an accepted one, for the district staff who read the
/// status page. It sits under <c>reports/</c> so it is served by the report's route with the report's sign-in, never
/// to a street. The CSV and JSON reports beside the file in the results container stay as they are.
/// </summary>
public static class FindingsPage
{
    public const string Folder = "reports/findings";

    /// <summary>
    /// The page's blob for the upload at <paramref name="blobPath"/>. Named by a digest of the path, as the report's
    /// names are ASCII only (<see cref="ReportPath"/>) and upload paths hold Chinese, brackets and anything a clerk types.
    /// </summary>
    public static string PathOf(string blobPath) => $"{Folder}/{NameOf(blobPath)}";

    /// <summary>The link to it from a page one folder below <c>reports/</c> (a period's status page).</summary>
    public static string LinkFromPeriod(string blobPath) => $"../{Folder["reports/".Length..]}/{NameOf(blobPath)}";

    public static string Render(string blobPath, IReadOnlyList<Finding> findings, string districtName, DateTimeOffset updated)
    {
        var refused = findings.Any(f => f.Severity == FindingSeverity.Error);
        var shown = Sheets.InvisibleCharacters.Strip(blobPath);
        return PageTemplates.Render("findings", new
        {
            Page = new PageHead($"{shown} 问题清单 · Findings", ReportSite.ContentSecurityPolicy(null)),
            District = districtName,
            File = LineBreaks.Of(shown),
            Verdict = refused ? "退回 Refused" : "已接收，待核实 Accepted, to check",
            Count = findings.Count,
            Updated = updated.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            Csv = LineBreaks.Of($"results/{shown}.findings.csv"),
            Findings = findings.Select(f => new
            {
                File = LineBreaks.Of(f.File),
                Sheet = LineBreaks.Of(f.Sheet ?? "—"),
                Row = f.Row?.ToString(CultureInfo.InvariantCulture) ?? "—",
                Column = f.Column ?? "—",
                Code = LineBreaks.Of(f.Code),
                Severity = f.Severity.ToString().ToLowerInvariant(),
                SeverityLabel = SeverityLabel(f.Severity),
                f.Message,
            }).ToList(),
        });
    }

    private static string NameOf(string blobPath) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobPath)))[..32] + ".html";

    private static string SeverityLabel(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "错误 Error",
        FindingSeverity.Warning => "待核实 Warning",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "A severity without a label."),
    };
}
