using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Report;
using Pipeline.Functions.Publish;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// The report function, called as the worker's ASP.NET Core integration calls it: a real HttpContext, the report
/// published to Azurite by the app's own writer, and blobs outside <c>reports/</c> in the same container.
/// </summary>
public sealed partial class ServeReportTests(StorageTestEnvironment storage)
{
    private const string Secret = "SECRET: not part of the report";
    private const string PrincipalId = "00000000-0000-0000-0000-00000000abcd";
    private const string Principal = "eyJhdXRoX3R5cCI6ImFhZCIsImNsYWltcyI6W119"; // base64 of a (claim-less) principal, as the platform sends it

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Anonymous = new() { ["Pipeline:ReportAccess"] = ReportAccess.Anonymous };

    [Fact]
    public async Task A_known_file_is_its_blob_with_the_stored_type_cache_and_etag_and_the_protective_headers()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        foreach (var name in new[] { "reports/2020-12/index.html", "reports/latest/summary.json", "reports/2020-12/streets.csv", "reports/2020-12/status.html",
                     "reports/2020-12/trend.html", "reports/assets/echarts.min.js", "reports/schemas/governance-summary.v2.json", "reports/index.html",
                     FindingsPage.PathOf(RefusedUpload) })
        {
            var stored = (await harness.Storage.Web.GetBlobClient(name).DownloadContentAsync(Ct)).Value;
            var answer = await SendAsync(harness, "/" + name);

            Assert.Equal((name, 200), (name, answer.Status));
            Assert.Equal(stored.Content.ToArray(), answer.Body);
            Assert.Equal(stored.Details.ContentType, answer.Header("Content-Type"));
            Assert.Equal(stored.Details.CacheControl, answer.Header("Cache-Control"));
            Assert.Equal(stored.Details.ETag.ToString("H"), answer.Header("ETag"));
            Assert.Equal(stored.Content.ToArray().Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("Content-Length"));
            AssertProtected(answer);
        }
    }

    [Fact]
    public async Task A_matching_If_None_Match_is_304_and_HEAD_sends_the_headers_without_the_body()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);
        const string page = "/reports/latest/index.html";
        var first = await SendAsync(harness, page);
        var etag = first.Header("ETag")!;

        foreach (var asked in new[] { etag, "W/" + etag, $"\"other\", {etag}", "*" })
        {
            var again = await SendAsync(harness, page, headers: [("If-None-Match", asked)]);
            Assert.Equal((asked, 304), (asked, again.Status));
            Assert.Empty(again.Body);
            Assert.Equal(etag, again.Header("ETag"));
            Assert.Equal(ReportHeaders.NoCache, again.Header("Cache-Control"));
        }

        Assert.Equal(200, (await SendAsync(harness, page, headers: [("If-None-Match", "\"other\"")])).Status);

        var head = await SendAsync(harness, page, "HEAD");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(first.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal((first.Header("Content-Type"), first.Header("Cache-Control"), etag), (head.Header("Content-Type"), head.Header("Cache-Control"), head.Header("ETag")));
        AssertProtected(head);
    }

    [Fact]
    public async Task A_folder_is_its_index_and_without_its_slash_a_redirect_to_it()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        Assert.Equal(await BlobAsync(harness, "reports/index.html"), (await SendAsync(harness, "/reports/")).Body);
        Assert.Equal(await BlobAsync(harness, "reports/2020-12/index.html"), (await SendAsync(harness, "/reports/2020-12/")).Body);
        foreach (var folder in new[] { "/reports", "/reports/2020-12", "/reports/latest" })
        {
            var answer = await SendAsync(harness, folder);
            Assert.Equal((folder, 301), (folder, answer.Status));
            var target = new Uri(new Uri("https://app.example" + folder), answer.Header("Location"));
            Assert.Equal(("app.example", folder + "/"), (target.Host, target.AbsolutePath));
            Assert.Equal(200, (await SendAsync(harness, target.AbsolutePath)).Status);
        }
    }

    [Fact]
    public async Task Every_relative_link_of_the_pages_resolves_to_a_file_the_function_serves()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        var followed = 0;
        foreach (var page in new[] { "/reports/", "/reports/2020-12/index.html", "/reports/latest/", "/reports/2020-12/trend.html", "/reports/2020-12/status.html", "/" + FindingsPage.PathOf(RefusedUpload) })
        {
            var html = Encoding.UTF8.GetString((await SendAsync(harness, page)).Body);
            foreach (var link in Link().Matches(html).Select(m => m.Groups[1].Value).Distinct())
            {
                var target = new Uri(new Uri("https://app.example" + page), link);
                Assert.True(target.Host == "app.example", $"{page} links {link}, outside the report.");
                var answer = await SendAsync(harness, target.AbsolutePath, uriComponent: true);
                Assert.True(answer.Status == 200, $"{page} links {link}: {target.AbsolutePath} answered {answer.Status}.");
                followed++;
            }
        }

        Assert.InRange(followed, 10, int.MaxValue);
    }

    [Fact]
    public async Task An_unknown_file_is_a_short_plain_404()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        foreach (var path in new[] { "/reports/2020-12/nothing.html", "/reports/2021-01/index.html", "/reports/2021-01/", "/reports/2020-12/index.php", "/status.json" })
        {
            var answer = await SendAsync(harness, path);
            Assert.Equal((path, 404), (path, answer.Status));
            Assert.Equal((ReportHeaders.Text, ReportHeaders.NoStore), (answer.Header("Content-Type"), answer.Header("Cache-Control")));
            Assert.Equal("Not found.", Encoding.UTF8.GetString(answer.Body));
            AssertProtected(answer);
        }
    }

    private static readonly string[] Hostile =
    [
        "/reports/../status.json",
        "/reports/2020-12/../../secret.html",
        "/reports/..%2fstatus.json",
        "/reports/..%2Fsecret.html",
        "/reports%2f..%2fstatus.json",
        "/reports/%2e%2e/status.json",
        "/reports/%2e%2e%2fsecret.html",
        "/reports/%252e%252e/status.json",
        "/reports/%252e%252e%252fsecret.html",
        "/reports/..\\status.json",
        "/reports/..%5csecret.html",
        "/reports/./../status.json",
        "//127.0.0.1:10000/devstoreaccount1/status.json",
        "/http://app.example/status.json",
        "/reports/%00/../status.json",
        "/status.json",
        "/secret.html",
        "/reportsx/index.html",
    ];

    [Fact]
    public async Task Traversal_and_its_encodings_are_refused_and_nothing_outside_reports_is_ever_served()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        // As sent, and as a server that decodes the path once hands it over.
        foreach (var (form, uriComponent) in Hostile.SelectMany(path => new[] { (path, false), (path, true) }))
        {
            if (uriComponent && form.Contains("%00", StringComparison.Ordinal))
            {
                Assert.Throws<InvalidOperationException>(() => PathString.FromUriComponent(form)); // the server refuses it before any app sees it
                continue;
            }

            var answer = await SendAsync(harness, form, uriComponent: uriComponent);
            Assert.True(answer.Status is 400 or 404, $"{form} ({(uriComponent ? "decoded once" : "as sent")}) answered {answer.Status}.");
            Assert.DoesNotContain("SECRET", Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
            Assert.True(answer.Body.Length < 40, $"{form}: {answer.Body.Length} bytes");
            AssertProtected(answer);
        }
    }

    [Fact]
    public async Task SignedIn_admits_a_valid_Entra_token_from_the_bearer_header_or_the_token_store_and_nothing_else()
    {
        await using var entra = await EntraStandIn.StartAsync(Ct);
        await using var harness = new PipelineHarness(storage, entra.Settings());
        await PublishAsync(harness);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var token = entra.Mint(clock.GetUtcNow());
        const string page = "/reports/latest/index.html";

        var bearer = await SendAsync(harness, page, headers: [(ReportAccess.AuthorizationHeader, $"Bearer {token}")], clock: clock);
        Assert.Equal(200, bearer.Status);
        Assert.Equal(await BlobAsync(harness, "reports/latest/index.html"), bearer.Body);
        Assert.Equal(200, (await SendAsync(harness, page, headers: [(ReportAccess.IdTokenHeader, token)], clock: clock)).Status);
        Assert.Equal(200, (await SendAsync(harness, page, headers: [(ReportAccess.AuthorizationHeader, $"Bearer {entra.Mint(clock.GetUtcNow(), groups: ["other", EntraStandIn.ReaderGroup])}")], clock: clock)).Status);
        Assert.Equal(200, (await SendAsync(harness, page, headers: [(ReportAccess.AuthorizationHeader, $"Bearer {entra.Mint(clock.GetUtcNow(), audience: $"api://{EntraStandIn.ClientId}")}")], clock: clock)).Status);

        // The forgery: the platform's principal headers, which any caller can send where the platform does not strip them.
        foreach (var headers in new (string, string)[][] { [], [(ReportAccess.PrincipalIdHeader, PrincipalId)], [(ReportAccess.PrincipalIdHeader, PrincipalId), (ReportAccess.PrincipalHeader, Principal)] })
        {
            var refused = await SendAsync(harness, page, headers: headers, clock: clock);
            Assert.Equal(401, refused.Status);
            Assert.Equal((ReportHeaders.NoStore, ReportAccess.BearerScheme), (refused.Header("Cache-Control"), refused.Header("WWW-Authenticate")));
            Assert.DoesNotContain("<html", Encoding.UTF8.GetString(refused.Body), StringComparison.OrdinalIgnoreCase);
            AssertProtected(refused);
        }

        // Refused before the path is looked at: probing names tells a stranger nothing.
        Assert.Equal(401, (await SendAsync(harness, "/reports/../status.json", clock: clock)).Status);
        Assert.Equal(401, (await SendAsync(harness, "/reports/2021-01/index.html", clock: clock)).Status);

        // A findings page is the report's like any other: the token admits, nothing else does.
        var findings = "/" + FindingsPage.PathOf(RefusedUpload);
        Assert.Equal(200, (await SendAsync(harness, findings, headers: [(ReportAccess.AuthorizationHeader, $"Bearer {token}")], clock: clock)).Status);
        Assert.Equal(401, (await SendAsync(harness, findings, headers: [(ReportAccess.PrincipalIdHeader, PrincipalId), (ReportAccess.PrincipalHeader, Principal)], clock: clock)).Status);
    }

    [Fact]
    public async Task SignedIn_refuses_with_401_every_token_that_is_expired_for_another_app_or_tenant_or_not_signed_with_the_tenants_key()
    {
        await using var entra = await EntraStandIn.StartAsync(Ct);
        await using var harness = new PipelineHarness(storage, entra.Settings());
        await PublishAsync(harness);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var now = clock.GetUtcNow();
        var aging = entra.Mint(now);
        var tampered = entra.Mint(now).Split('.');
        tampered[1] = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(tampered[1]).Replace(EntraStandIn.DistrictGroup, EntraStandIn.ReaderGroup, StringComparison.Ordinal));

        var cases = new Dictionary<string, string>
        {
            ["wrong audience"] = entra.Mint(now, audience: "11111111-1111-1111-1111-111111111111"),
            ["wrong issuer"] = entra.Mint(now, issuer: $"{entra.Authority}/11111111-1111-1111-1111-111111111111/v2.0"),
            ["the public cloud's issuer for another tenant"] = entra.Mint(now, issuer: "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0"),
            ["another key"] = entra.Mint(now, signing: entra.OtherKey()),
            ["alg none"] = entra.Mint(now, unsigned: true),
            ["HS256 with the client id as secret"] = entra.Mint(now, signing: EntraStandIn.ClientIdAsSecret()),
            ["payload changed after signing"] = string.Join('.', tampered),
            ["not a token"] = "not-a-jwt",
        };
        foreach (var (name, token) in cases)
        {
            var answer = await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.AuthorizationHeader, $"Bearer {token}")], clock: clock);
            Assert.Equal((name, 401), (name, answer.Status));
            Assert.Equal("Sign in to read the report.", Encoding.UTF8.GetString(answer.Body));
        }

        Assert.Equal(200, (await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.IdTokenHeader, aging)], clock: clock)).Status);
        clock.Advance(TimeSpan.FromHours(1) + ReportTokenVerifier.ClockSkew + TimeSpan.FromSeconds(1));
        Assert.Equal(401, (await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.IdTokenHeader, aging)], clock: clock)).Status);
    }

    [Fact]
    public async Task SignedIn_refuses_with_403_a_valid_token_outside_the_allowed_groups_and_one_whose_groups_overflowed_telling_the_operator_why()
    {
        await using var entra = await EntraStandIn.StartAsync(Ct);
        await using var harness = new PipelineHarness(storage, entra.Settings());
        await PublishAsync(harness);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        // A street's clerk is outside the district's group: no page of the report, not even a findings page of their own file.
        foreach (var page in new[] { "/reports/latest/index.html", "/" + FindingsPage.PathOf(RefusedUpload) })
        {
            foreach (var groups in new[] { Array.Empty<string>(), ["11111111-1111-1111-1111-111111111111"] })
            {
                var answer = await SendAsync(harness, page, headers: [(ReportAccess.AuthorizationHeader, $"Bearer {entra.Mint(clock.GetUtcNow(), groups: groups)}")], clock: clock);
                Assert.Equal(403, answer.Status);
                Assert.DoesNotContain("<html", Encoding.UTF8.GetString(answer.Body), StringComparison.OrdinalIgnoreCase);
            }
        }

        var log = new ListLogger<ReportTokenVerifier>();
        var overage = await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.IdTokenHeader, entra.Mint(clock.GetUtcNow(), overage: true))], clock: clock, log: log);
        Assert.Equal(403, overage.Status);
        var line = Assert.Single(log.Lines);
        Assert.Contains("group overage", line, StringComparison.Ordinal);
        Assert.Contains("app roles", line, StringComparison.Ordinal);
        Assert.Contains("ApplicationGroup", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedIn_with_the_tenants_discovery_down_is_a_503_and_one_log_line_not_a_401_or_a_crash()
    {
        await using var harness = new PipelineHarness(storage, EntraStandIn.SettingsFor("http://127.0.0.1:1")); // nothing listens there
        await PublishAsync(harness);
        await using var entra = await EntraStandIn.StartAsync(Ct);
        var log = new ListLogger<ReportTokenVerifier>();

        var answer = await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.AuthorizationHeader, $"Bearer {entra.Mint(DateTimeOffset.UtcNow)}")], log: log);

        Assert.Equal(503, answer.Status);
        Assert.Equal((ReportHeaders.Text, ReportHeaders.NoStore), (answer.Header("Content-Type"), answer.Header("Cache-Control")));
        Assert.DoesNotContain("127.0.0.1", Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
        Assert.Contains("could not be read", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedIn_before_the_app_registration_exists_refuses_every_request_with_a_503_naming_the_setting_in_the_log()
    {
        var settings = EntraStandIn.SettingsFor("http://127.0.0.1:1");
        settings["Pipeline:ReportClientId"] = "";
        await using var harness = new PipelineHarness(storage, settings);
        await PublishAsync(harness);
        await using var entra = await EntraStandIn.StartAsync(Ct);
        var log = new ListLogger<ReportTokenVerifier>();

        var answer = await SendAsync(harness, "/reports/latest/index.html", headers: [(ReportAccess.AuthorizationHeader, $"Bearer {entra.Mint(DateTimeOffset.UtcNow)}")], log: log);

        Assert.Equal(503, answer.Status);
        Assert.Contains("Pipeline__ReportClientId", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_serves_without_any_principal()
    {
        await using var harness = new PipelineHarness(storage, Anonymous);
        await PublishAsync(harness);

        Assert.Equal(200, (await SendAsync(harness, "/reports/latest/index.html")).Status);
    }

    [Fact]
    public async Task A_storage_outage_is_a_503_without_details()
    {
        await using var outage = StorageOutage.Start(storage.ConnectionString);
        await using var harness = new PipelineHarness(storage, new() { ["Storage"] = outage.ConnectionString, ["Pipeline:ReportAccess"] = ReportAccess.Anonymous });
        await PublishAsync(harness);
        outage.Stop();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var answer = await SendAsync(harness, "/reports/latest/index.html");
        Assert.InRange(started.Elapsed, TimeSpan.Zero, ReportServer.StorageBudget + TimeSpan.FromSeconds(5));
        outage.Restart(); // so the harness can clean up

        Assert.Equal(503, answer.Status);
        Assert.Equal((ReportHeaders.Text, ReportHeaders.NoStore), (answer.Header("Content-Type"), answer.Header("Cache-Control")));
        Assert.DoesNotContain("127.0.0.1", Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
    }

    /// <summary>The samples' December report, and blobs beside reports/ that must never be served.</summary>
    private static async Task PublishAsync(PipelineHarness harness)
    {
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,A,是,专业物业,业委会,是", "清源街道,兴盛社区,B,是,红色物业,物管会,是"));
        // Refused: its findings page is part of the report, linked from the status page.
        await harness.UploadAndProcessAsync(RefusedUpload, Csv(RosterHeader, "兴丰街道,某社区,乙,也许,专业物业,业委会,是"));
        await harness.Services.GetRequiredService<ReportWriter>().WriteAsync("2020-12", Ct);
        foreach (var name in new[] { "status.json", "secret.html", "reportsx/index.html" })
        {
            await harness.Storage.Web.GetBlobClient(name).UploadAsync(BinaryData.FromString(Secret), overwrite: true, Ct);
        }
    }

    private const string RefusedUpload = "2020-12/兴丰街道(有误).csv";

    private static async Task<byte[]> BlobAsync(PipelineHarness harness, string name) =>
        (await harness.Storage.Web.GetBlobClient(name).DownloadContentAsync(Ct)).Value.Content.ToArray();

    /// <summary>
    /// One request through the function. <paramref name="uriComponent"/>: the path as a URL's (decoded once, as the
    /// server does before the worker sees it); otherwise taken literally, as a server that decodes nothing would pass it.
    /// </summary>
    private static async Task<Answer> SendAsync(PipelineHarness harness, string path, string method = "GET", bool uriComponent = false, (string Name, string Value)[]? headers = null,
        TimeProvider? clock = null, ILogger<ReportTokenVerifier>? log = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.example");
        context.Request.Path = uriComponent ? PathString.FromUriComponent(path) : new PathString(path);
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers[name] = value;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var verifier = new ReportTokenVerifier(harness.Services.GetRequiredService<IOptions<ReportSignInOptions>>(), clock ?? TimeProvider.System,
            log ?? NullLogger<ReportTokenVerifier>.Instance);
        var function = new ServeReport(new ReportServer(harness.Storage, verifier, NullLogger<ReportServer>.Instance));

        Assert.IsType<EmptyResult>(await function.RunAsync(context.Request, Ct));
        return new Answer(context.Response.StatusCode, context.Response.Headers, body.ToArray());
    }

    private static void AssertProtected(Answer answer)
    {
        Assert.Equal(ReportHeaders.NoSniff, answer.Header("X-Content-Type-Options"));
        Assert.Equal(ReportHeaders.NoReferrer, answer.Header(ReportServer.ReferrerPolicy));
        Assert.Equal(ReportHeaders.DenyFraming, answer.Header("X-Frame-Options"));
        Assert.Equal(ReportHeaders.ContentSecurityPolicy, answer.Header("Content-Security-Policy"));
    }

    /// <summary>The lines a component logs, to check what an operator would read.</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    private sealed record Answer(int Status, IHeaderDictionary Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    // Every address a page loads or links: hrefs and srcs, not in-page anchors or inline data: (the empty favicon).
    [GeneratedRegex("(?:href|src)=\"(?!data:)([^\"#][^\"]*)\"")]
    private static partial Regex Link();
}
