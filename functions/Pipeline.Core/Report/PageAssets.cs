using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Report;

/// <summary>
/// The pages' style sheet and the period page's script, embedded files of this assembly, inlined into the pages so a
/// page is one request besides the chart library. The script reads the figures from the page's JSON data element
/// and draws the charts; it never builds markup from the data. The CSP allows this inline script by its hash, and no other.
/// </summary>
internal static class PageAssets
{
    public const string DataElementId = "report-data";

    public const string TrendDataElementId = "trend-data";

    public static string Css { get; } = Load("report.css");

    public static string Script { get; } = Load("report.js");

    /// <summary>The Content-Security-Policy source that allows <see cref="Script"/> and no other inline script.</summary>
    public static string ScriptHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script))) + "'";

    /// <summary>The trend page's script: line charts of its JSON data element.</summary>
    public static string TrendScript { get; } = Load("trend.js");

    public static string TrendScriptHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(TrendScript))) + "'";

    private static string Load(string name)
    {
        var resource = $"Pipeline.Core.Report.Assets.{name}";
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page asset {resource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().TrimEnd();
    }
}
