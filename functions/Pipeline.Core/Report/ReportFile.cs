namespace Pipeline.Core.Report;

/// <summary>
/// One file of the static report site: its path inside the website container, its bytes and its HTTP headers, and the
/// figures it shows as a <see cref="Version"/> that orders by ordinal comparison (<c>{period}|{revision}</c>): a stored
/// copy of a later version is never replaced by an earlier one. Files without a version are always written.
/// </summary>
public sealed record ReportFile(string Path, byte[] Content, string ContentType, string CacheControl, string? Version = null)
{
    /// <summary>The version of files showing <paramref name="period"/> at <paramref name="revision"/>.</summary>
    public static string VersionOf(string period, long revision) =>
        $"{period}|{revision.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The content types and cache lifetimes of the report's files, and the headers the function serving them adds.</summary>
public static class ReportHeaders
{
    public const string Html = "text/html; charset=utf-8";
    public const string Json = "application/json; charset=utf-8";
    public const string Csv = "text/csv; charset=utf-8";
    public const string JavaScript = "application/javascript; charset=utf-8";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The short answers of the function that serves the report (not found, refused).</summary>
    public const string Text = "text/plain; charset=utf-8";

    /// <summary>A period's files: they change only when the period's figures are corrected.</summary>
    public const string PeriodCache = "public, max-age=300";

    /// <summary><c>reports/latest/</c> and <c>reports/index.html</c>: they move on with every new period.</summary>
    public const string NoCache = "no-cache";

    /// <summary>Assets: pages reference them with a content hash in the query, so a new version is a new address.</summary>
    public const string AssetCache = "public, max-age=31536000, immutable";

    /// <summary>Refusals and failures: never kept, so signing in or a recovered store is seen at once.</summary>
    public const string NoStore = "no-store";

    /// <summary>
    /// The Content-Security-Policy the function sends with every file: the pages' own policy with the script hashes of
    /// every page (each page's meta still allows only its own, and a browser enforces both), plus frame-ancestors, which
    /// only a header can carry.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        ReportSite.ContentSecurityPolicy($"{PageAssets.ScriptHash} {PageAssets.TrendScriptHash}") + "; frame-ancestors 'none'";

    public const string NoSniff = "nosniff";
    public const string NoReferrer = "no-referrer";
    public const string DenyFraming = "DENY";
}
