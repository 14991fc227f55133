namespace Pipeline.Core.Report;

/// <summary>What a request for the report gets: a blob of <c>reports/</c>, a redirect, nothing there, or a refusal.</summary>
public abstract record ReportTarget
{
    /// <summary>The blob of that name, always under <c>reports/</c>.</summary>
    public sealed record Blob(string Name) : ReportTarget;

    /// <summary>A folder asked without its slash: <see cref="Location"/> is relative (its last segment and a slash), so the pages' relative links resolve.</summary>
    public sealed record Redirect(string Location) : ReportTarget;

    /// <summary>Nothing the report publishes lives there.</summary>
    public sealed record NotFound : ReportTarget;

    /// <summary>A path no page links to and that only an attempt to leave the report would send.</summary>
    public sealed record Refused(string Reason) : ReportTarget;
}

/// <summary>
/// Maps the path of a request (<c>/reports/2020-12/index.html</c>) to what is served. Only the report's own names pass:
/// segments of ASCII letters, digits, '-', '_' and '.', none of them empty or starting with a dot (so no <c>.</c>, <c>..</c>),
/// ending in an extension the report publishes. The path is decoded once, as a server may or may not have done already;
/// a '%' still there after that is refused, since the report's names hold none and only a second decoder would read one
/// (<c>%252e</c>). Backslashes, control characters, ':' and absolute forms (<c>http://…</c>, <c>//host</c>) never pass the
/// character rule. Pure: no I/O.
/// </summary>
public static class ReportPath
{
    public const string Root = "reports";

    /// <summary>Far longer than any name the report writes (<c>reports/schemas/governance-summary.v2.json</c>).</summary>
    public const int MaxLength = 256;

    /// <summary>The extensions of the files the report writes (<see cref="ReportSite"/>, the status and daily pages), nothing else.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.Ordinal) { ".html", ".json", ".csv", ".js", ".xlsx" };

    private const string FolderPage = ReportSite.PageName;

    public static ReportTarget Resolve(string requestPath)
    {
        if (requestPath.Length > MaxLength)
        {
            return new ReportTarget.Refused("longer than any name of the report");
        }

        var path = Uri.UnescapeDataString(requestPath);
        if (path.Contains('%', StringComparison.Ordinal))
        {
            return new ReportTarget.Refused("still percent-encoded after one decoding");
        }

        if (!path.StartsWith('/') || !path.All(c => c == '/' || IsNameChar(c)))
        {
            return new ReportTarget.Refused("characters no name of the report holds");
        }

        // A trailing slash leaves one empty last segment: the folder's page. Any other empty or dotted segment is refused.
        var segments = path[1..].Split('/');
        var folder = segments[^1].Length == 0;
        var names = folder ? segments[..^1] : segments;
        if (names.Any(s => s.Length == 0 || s[0] == '.'))
        {
            return new ReportTarget.Refused("an empty or dot segment");
        }

        if (names.Length == 0 || names[0] != Root)
        {
            return new ReportTarget.NotFound();
        }

        if (folder)
        {
            return new ReportTarget.Blob(string.Join('/', names.Append(FolderPage)));
        }

        var last = names[^1];
        var dot = last.LastIndexOf('.');
        if (dot < 0)
        {
            return new ReportTarget.Redirect(last + "/");
        }

        return Extensions.Contains(last[dot..]) ? new ReportTarget.Blob(string.Join('/', names)) : new ReportTarget.NotFound();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
