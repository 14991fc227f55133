using System.Text.RegularExpressions;
using Pipeline.Core.Figures;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Report.ReportSamples;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Report;

public sealed class ReportSiteTests
{
    [Fact]
    public void The_latest_period_gives_its_files_the_latest_copies_the_index_and_the_chart_library()
    {
        var files = Render(latest: true);

        Assert.Equal(
        [
            ("reports/2020-12/index.html", ReportHeaders.Html, "public, max-age=300"),
            ("reports/2020-12/summary.json", ReportHeaders.Json, "public, max-age=300"),
            ("reports/2020-12/streets.csv", ReportHeaders.Csv, "public, max-age=300"),
            ("reports/2020-12/communities.csv", ReportHeaders.Csv, "public, max-age=300"),
            ("reports/latest/index.html", ReportHeaders.Html, "no-cache"),
            ("reports/latest/summary.json", ReportHeaders.Json, "no-cache"),
            ("reports/latest/streets.csv", ReportHeaders.Csv, "no-cache"),
            ("reports/latest/communities.csv", ReportHeaders.Csv, "no-cache"),
            ("reports/index.html", ReportHeaders.Html, "no-cache"),
            ("reports/assets/echarts.min.js", ReportHeaders.JavaScript, "public, max-age=31536000, immutable"),
            ("reports/schemas/governance-summary.v1.json", ReportHeaders.Json, "public, max-age=300"),
            ("reports/schemas/governance-summary.v2.json", ReportHeaders.Json, "public, max-age=300"),
            ("reports/schemas/governance-summary.v3.json", ReportHeaders.Json, "public, max-age=300"),
        ], files.Select(f => (f.Path, f.ContentType, f.CacheControl)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "schemas", "governance-summary.v2.json")),
            files.File("reports/schemas/governance-summary.v2.json").Content);
        Assert.Equal(
            ["text/html; charset=utf-8", "application/json; charset=utf-8", "text/csv; charset=utf-8", "application/javascript; charset=utf-8"],
            new[] { ReportHeaders.Html, ReportHeaders.Json, ReportHeaders.Csv, ReportHeaders.JavaScript });
        foreach (var name in new[] { "index.html", "summary.json", "streets.csv", "communities.csv" })
        {
            Assert.Equal(files.File($"reports/2020-12/{name}").Content, files.File($"reports/latest/{name}").Content);
        }

        Assert.Equal(ChartLibrary, files.File("reports/assets/echarts.min.js").Content);
        Assert.All(files, f => Assert.NotEmpty(f.Content));
    }

    [Fact]
    public void An_older_period_leaves_latest_alone()
    {
        var files = Render(latest: false);

        Assert.DoesNotContain(files, f => f.Path.StartsWith("reports/latest/", StringComparison.Ordinal));
        Assert.Equal(9, files.Count);
    }

    [Fact]
    public void The_summary_file_is_exactly_the_summary_document()
    {
        var (summary, communities) = Build();

        var files = ReportSite.Render(summary, communities, ListedPeriods, true, CompiledCatalog.Builtin, ChartLibrary);

        Assert.Equal(SummaryJson.Serialize(summary), files.File("reports/2020-12/summary.json").Content);
        Assert.Equal(summary, SummaryJson.Deserialize(files.File("reports/latest/summary.json").Content), new SummaryComparer());
    }

    [Fact]
    public void The_index_lists_every_period_newest_first_with_links()
    {
        var (summary, communities) = Build();

        var index = ReportSite.Render(summary, communities, ["2020-10", "2021-02", "2020-11"], false, CompiledCatalog.Builtin, ChartLibrary)
            .File(ReportSite.IndexPath).Text();

        Assert.Equal(["2021-02", "2020-12", "2020-11", "2020-10"],
            Regex.Matches(index, "<tr data-period=\"([^\"]+)\">").Select(m => m.Groups[1].Value));
        Assert.Contains("<a href=\"2020-12/index.html\">", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"2020-10/communities.csv\">", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"latest/index.html\">最新 Latest: 2021-02</a>", index, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_loads_the_chart_library_relatively_with_its_content_hash_never_from_elsewhere()
    {
        var page = Render().File("reports/2020-12/index.html").Text();
        var other = ReportSite.Render(Build().Summary, Build().Communities, ListedPeriods, true, CompiledCatalog.Builtin, "/* v2 */"u8)
            .File("reports/2020-12/index.html").Text();

        var source = Assert.Single(Regex.Matches(page, "<script src=\"([^\"]+)\">")).Groups[1].Value;
        Assert.Matches(@"^\.\./assets/echarts\.min\.js\?v=[0-9a-f]{16}$", source);
        Assert.DoesNotContain(source, other, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://evil.example", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_renders_the_same_bytes_and_only_the_generation_time_varies()
    {
        var first = Render();
        var again = Render();
        var later = Render(at: At.AddHours(5));

        Assert.Equal(first.Select(f => (f.Path, f.Content)), again.Select(f => (f.Path, f.Content)));
        var changed = first.Zip(later).Where(p => !p.First.Content.AsSpan().SequenceEqual(p.Second.Content)).Select(p => p.First.Path).ToList();
        Assert.Equal(["reports/2020-12/index.html", "reports/2020-12/summary.json", "reports/latest/index.html", "reports/latest/summary.json"], changed);
        Assert.Equal(
            first.File("reports/2020-12/index.html").Text(),
            later.File("reports/2020-12/index.html").Text().Replace("2021-01-01T22:00:00Z", "2021-01-01T17:00:00Z", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2020-12/../../x")]
    [InlineData("2020-13")]
    [InlineData("<b>")]
    public void A_period_that_is_not_a_month_is_refused_before_it_becomes_a_path(string period)
    {
        var (summary, communities) = Build();

        Assert.Throws<ArgumentException>(() => ReportSite.Render(summary with { Period = period }, communities, [], true, CompiledCatalog.Builtin, ChartLibrary));
        Assert.Throws<ArgumentException>(() => ReportSite.Render(summary, communities, [period], true, CompiledCatalog.Builtin, ChartLibrary));
    }

    /// <summary>Summary documents by their JSON form (they hold dictionaries and lists, which records compare by reference).</summary>
    private sealed class SummaryComparer : IEqualityComparer<SummaryDocument>
    {
        public bool Equals(SummaryDocument? x, SummaryDocument? y) =>
            x is not null && y is not null && SummaryJson.Serialize(x).AsSpan().SequenceEqual(SummaryJson.Serialize(y));

        public int GetHashCode(SummaryDocument obj) => 0;
    }
}
