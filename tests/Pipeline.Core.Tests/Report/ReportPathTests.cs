using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Pipeline.Core.Figures;
using Pipeline.Core.Publish;
using Pipeline.Core.Report;
using Pipeline.Core.Submissions;
using Pipeline.Core.Summary;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Report;

public sealed class ReportPathTests
{
    [Theory]
    [InlineData("/reports/2020-12/index.html", "reports/2020-12/index.html")]
    [InlineData("/reports/latest/summary.json", "reports/latest/summary.json")]
    [InlineData("/reports/2020-12/communities.csv", "reports/2020-12/communities.csv")]
    [InlineData("/reports/assets/echarts.min.js", "reports/assets/echarts.min.js")]
    [InlineData("/reports/schemas/governance-summary.v2.json", "reports/schemas/governance-summary.v2.json")]
    [InlineData("/reports/daily/2021-01-01.html", "reports/daily/2021-01-01.html")]
    [InlineData("/reports/findings/0123456789abcdef0123456789abcdef.html", "reports/findings/0123456789abcdef0123456789abcdef.html")]
    [InlineData("/reports/", "reports/index.html")]
    [InlineData("/reports/latest/", "reports/latest/index.html")]
    [InlineData("/reports/2020-12/index%2Ehtml", "reports/2020-12/index.html")]
    public void A_name_of_the_report_is_its_blob_and_a_folder_its_index(string request, string blob) =>
        Assert.Equal(new ReportTarget.Blob(blob), ReportPath.Resolve(request));

    [Theory]
    [InlineData("/reports", "reports/")]
    [InlineData("/reports/latest", "latest/")]
    [InlineData("/reports/2020-12", "2020-12/")]
    public void A_folder_without_its_slash_is_redirected_relatively_to_the_slash_form(string request, string location) =>
        Assert.Equal(new ReportTarget.Redirect(location), ReportPath.Resolve(request));

    [Theory]
    [InlineData("/")]
    [InlineData("/status.json")]
    [InlineData("/assets/echarts.min.js")]
    [InlineData("/Reports/index.html")]
    [InlineData("/reports.html")]
    [InlineData("/reportsx/index.html")]
    [InlineData("/reports/2020-12/index.php")]
    [InlineData("/reports/2020-12/index.html.")]
    [InlineData("/reports/2020-12/index.HTML")]
    [InlineData("/reports/2020-12/report.xls")]
    [InlineData("/reports/2020-12/image.png")]
    public void Anything_outside_the_report_or_not_of_its_kinds_is_not_found(string request) =>
        Assert.IsType<ReportTarget.NotFound>(ReportPath.Resolve(request));

    [Theory]
    [InlineData("/reports/../status.json")]
    [InlineData("/reports/2020-12/../../status.json")]
    [InlineData("/reports/./index.html")]
    [InlineData("/reports/..")]
    [InlineData("/reports/../")]
    [InlineData("/reports/..%2fstatus.json")]
    [InlineData("/reports/..%2Fstatus.json")]
    [InlineData("/reports%2f..%2fstatus.json")]
    [InlineData("/reports/%2e%2e/status.json")]
    [InlineData("/reports/%2E%2E%2Fstatus.json")]
    [InlineData("/reports/%252e%252e/status.json")]
    [InlineData("/reports/%252e%252e%252fstatus.json")]
    [InlineData("/reports/..\\status.json")]
    [InlineData("/reports/..%5cstatus.json")]
    [InlineData("/reports\\..\\status.json")]
    [InlineData("/reports//index.html")]
    [InlineData("//evil.example/reports/index.html")]
    [InlineData("http://evil.example/reports/index.html")]
    [InlineData("reports/index.html")]
    [InlineData("")]
    [InlineData("/reports/C:/index.html")]
    [InlineData("/reports/index.html%00.json")]
    [InlineData("/reports/index.html\0.json")]
    [InlineData("/reports/2020-12/\u0007.html")]
    [InlineData("/reports/.env.json")]
    [InlineData("/reports/2020-12/%C0%AE%C0%AE/index.html")]
    [InlineData("/reports/100%")]
    [InlineData("/reports/ｉndex.html")]
    [InlineData("/reports/2020-12/index.html?x=1")]
    public void Traversal_encoded_variants_and_foreign_characters_are_refused(string request) =>
        Assert.IsType<ReportTarget.Refused>(ReportPath.Resolve(request));

    [Fact]
    public void An_over_long_path_is_refused_before_anything_else()
    {
        var longest = "/reports/" + new string('a', ReportPath.MaxLength - "/reports/".Length - ".html".Length) + ".html";

        Assert.IsType<ReportTarget.Blob>(ReportPath.Resolve(longest));
        Assert.IsType<ReportTarget.Refused>(ReportPath.Resolve("/reports/a" + longest[9..]));
    }

    [Fact]
    public void Every_name_the_report_writes_is_served_under_its_own_path() =>
        Assert.All(Site().Select(f => f.Path), path =>
            Assert.Equal(new ReportTarget.Blob(path), ReportPath.Resolve("/" + path)));

    private static readonly string[] Tokens =
    [
        "/", "reports", "reports/", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "%25", "%252e", "%252f", "\\", "%00", "\0",
        ":", "//", "index.html", "status.json", "a", "2020-12", ".html", ".js", "%", "http:", "~", " ",
    ];

    private static readonly Gen<string> Requests =
        from parts in Gen.ArrayOf(Gen.Elements(Tokens))
        from rooted in Gen.Elements(true, true, false)
        select (rooted ? "/" : "") + string.Concat(parts.Take(12));

    /// <summary>Paths shaped like the report's own, so that every run also tries many the report serves.</summary>
    private static readonly Gen<string> ReportLike =
        from folders in Gen.ArrayOf(Gen.Elements("2020-12", "latest", "templates", "110115003000", "assets", "a"))
        from name in Gen.Elements("index", "summary", "streets", "counts", "trend", "x")
        from extension in Gen.Elements(".html", ".json", ".csv", ".js", ".xlsx", ".xls", "/", "")
        select "/reports/" + string.Concat(folders.Take(3).Select(f => f + "/")) + name + extension;

    [Fact]
    public void No_accepted_path_ever_leaves_reports_or_names_a_kind_the_report_does_not_publish()
    {
        var accepted = 0;
        Prop.ForAll(Gen.OneOf(Requests, ReportLike, ArbMap.Default.GeneratorFor<string>()).ToArbitrary(), request =>
        {
            switch (ReportPath.Resolve(request))
            {
                case ReportTarget.Blob blob:
                    var segments = blob.Name.Split('/');
                    Assert.Equal("reports", segments[0]);
                    Assert.All(segments, s => Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]*$", s));
                    Assert.Contains(Path.GetExtension(blob.Name), ReportPath.Extensions);
                    // The decoded path itself, nothing normalised away: with the segment rule above, it stays inside reports/.
                    var decoded = Uri.UnescapeDataString(request);
                    Assert.Equal(decoded.EndsWith('/') ? decoded + ReportSite.PageName : decoded, "/" + blob.Name);
                    accepted++;
                    break;
                case ReportTarget.Redirect redirect:
                    // One relative segment and its slash: never another host, scheme or folder.
                    Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]*/$", redirect.Location);
                    break;
            }
        }).QuickCheckThrowOnFailure();

        Assert.True(accepted > 0, "The generator produced no path the report serves: the property tested nothing.");
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", null, "abc.def.ghi")]
    [InlineData("bearer  abc.def.ghi ", "id.token.x", "abc.def.ghi")]
    [InlineData(null, "id.token.x", "id.token.x")]
    [InlineData("Basic dXNlcjpwdw==", "id.token.x", "id.token.x")]
    [InlineData("Bearer ", null, null)]
    [InlineData(null, " ", null)]
    [InlineData(null, null, null)]
    public void The_token_is_the_bearer_token_else_the_token_stores_id_token(string? authorization, string? idToken, string? expected) =>
        Assert.Equal(expected, ReportAccess.TokenOf(authorization, idToken));

    [Fact]
    public void Issuers_are_the_tenants_v2_one_and_for_known_clouds_its_v1_one()
    {
        const string tenant = "7d1c6a4e-1f0b-4c1e-9a11-0000000000a1";
        Assert.Equal([$"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"], ReportAccess.Issuers("https://login.microsoftonline.com/", tenant));
        Assert.Equal([$"https://login.partner.microsoftonline.cn/{tenant}/v2.0", $"https://sts.chinacloudapi.cn/{tenant}/"], ReportAccess.Issuers("https://login.partner.microsoftonline.cn", tenant));
        Assert.Equal([$"http://127.0.0.1:5000/{tenant}/v2.0"], ReportAccess.Issuers("http://127.0.0.1:5000", tenant));
    }

    [Fact]
    public void Membership_admits_one_allowed_group_and_forbids_none_or_an_overage_naming_the_cause()
    {
        var allowed = ReportAccess.ParseGroups(" A1 ,b2,,");
        Assert.Equal(2, allowed.Count);
        Assert.IsType<AccessDecision.Admit>(ReportAccess.Membership(["x", "a1"], groupOverage: false, allowed));
        Assert.Equal(403, Assert.IsType<AccessDecision.Forbidden>(ReportAccess.Membership(["x"], groupOverage: false, allowed)).Status);
        Assert.IsType<AccessDecision.Forbidden>(ReportAccess.Membership([], groupOverage: false, allowed));
        Assert.Contains("overage", Assert.IsType<AccessDecision.Forbidden>(ReportAccess.Membership([], groupOverage: true, allowed)).Reason, StringComparison.Ordinal);
        Assert.IsType<AccessDecision.Forbidden>(ReportAccess.Membership(["a1"], groupOverage: false, ReportAccess.ParseGroups("")));
    }

    [Fact]
    public void The_served_policy_allows_what_each_page_allows_and_forbids_framing()
    {
        var served = Directives(ReportHeaders.ContentSecurityPolicy);
        var pages = Site().Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal))
            .Select(f => (f.Path, Html: Encoding.UTF8.GetString(f.Content)))
            .Append(("status.html", StatusPage.Render(StatusDocument.From(SubmissionLedger.Build("2020-12", ReportSamples.Daxing, SubmissionRules.Default, [], ReportSamples.At)), "大兴区", ReportSamples.At)))
            .Append(("daily.html", DailyPage.Render(IngestionDigest.Build(new DateOnly(2021, 1, 1), [], _ => null), "大兴区")))
            .ToList();

        foreach (var (path, html) in pages)
        {
            var meta = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;
            var own = Directives(WebUtility.HtmlDecode(meta));
            Assert.NotEmpty(own);
            foreach (var (directive, sources) in own)
            {
                Assert.True(sources.IsSubsetOf(served[directive]), $"{path}: {directive} {string.Join(' ', sources)} is not in the served policy.");
            }

            Assert.Equal(own.Keys.Order(), served.Keys.Where(k => k != "frame-ancestors").Order());
        }

        Assert.Equal(["'none'"], served["frame-ancestors"]);
    }

    /// <summary>The sample period's site with its trend page: every kind of page and file ReportSite writes.</summary>
    private static IReadOnlyList<ReportFile> Site() =>
    [
        .. ReportSamples.Render(),
        .. ReportSite.TrendFiles(TrendBuilder.Build(ReportSamples.Daxing, "2020-12", TrendTests.Valued(new Dictionary<string, IReadOnlyDictionary<string, StreetAggregate>>())), ReportSamples.ChartLibrary),
    ];

    private static Dictionary<string, HashSet<string>> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d.Skip(1).ToHashSet(StringComparer.Ordinal));
}
