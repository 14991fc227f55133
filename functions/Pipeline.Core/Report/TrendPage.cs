using System.Text;
using System.Text.Json;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Report;

/// <summary>
/// <c>reports/{period}/trend.html</c> (趋势), from <c>trend.liquid</c>: for every indicator of the trend's legend (the
/// catalog's, including the forms a version adds, and the score) a line chart of the twelve
/// periods (the district and each street) and the same numbers in a plain table, then the rank history. Each cell
/// carries its unrounded value, so the table can be checked against <c>trend.json</c>.
/// </summary>
internal static class TrendPage
{
    public const string Name = "trend.html";
    public const string DataName = "trend.json";

    // Every HTML-sensitive character is escaped, so the data cannot end its script element.
    private static readonly JsonSerializerOptions DataJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = ReadableJson.Encoder,
    };

    /// <summary>Where a street's series breaks: the period it began (新设) or the last it was in force (撤销).</summary>
    private static string Marks(StreetTrend street) => string.Join(" ", new[]
    {
        street.Since is { } since ? $"{since} 起设立 from {since}" : null,
        street.Until is { } until ? $"{until} 后撤销 ended after {until}" : null,
    }.OfType<string>());

    /// <summary>Whose figures a restated street's earlier periods are.</summary>
    private static string Restatement(StreetTrend street) => street.Predecessors is not { } before
        ? ""
        : street.Shared
            ? $"{street.Since} 前为{string.Join("、", before)}整体数据（已分设） before {street.Since}: all of {string.Join(", ", before)}, which split"
            : $"{street.Since} 前为{string.Join("、", before)}数据 before {street.Since}: {string.Join(", ", before)}";

    public static string Render(TrendDocument trend, string chartLibrary)
    {
        var rows = new[] { (Name: $"{trend.District.Name}（全区）", Css: "district", trend.District.Indicators, Code: trend.District.Code, Note: "", Since: (string?)null, Until: (string?)null) }
            .Concat(trend.Streets.Select(s => (s.Name, Css: "", s.Indicators, s.Code, Note: Marks(s), s.Since, s.Until)))
            .ToList();
        var restated = (trend.Restated ?? []).Select(s => (s.Name, s.Indicators, s.Code, Note: Restatement(s), s.Since)).ToList();
        return PageTemplates.Render("trend", new
        {
            Page = new PageHead($"{trend.District.Name} {trend.Period} 趋势 · Trends", ReportSite.ContentSecurityPolicy(PageAssets.TrendScriptHash)),
            District = trend.District.Name,
            trend.Period,
            trend.Periods,
            Indicators = trend.Legend.Select(indicator => new
            {
                Key = indicator.Code, Chinese = indicator.Title.Zh, English = indicator.Title.En,
                Rows = rows.Select(r => new
                {
                    r.Name, r.Css, r.Code, r.Note,
                    Cells = r.Indicators[indicator.Code].Select((v, at) => new
                    {
                        Text = ReportFormat.Of(indicator.Format, v), Value = ReportFormat.Raw(v),
                        Css = trend.Periods[at] == r.Since ? "change" : r.Until is not null && string.CompareOrdinal(trend.Periods[at], r.Until) > 0 ? "ended" : "",
                    }).ToList(),
                }).ToList(),
                Restated = restated.Select(r => new
                {
                    r.Name, r.Code, r.Note,
                    Cells = r.Indicators[indicator.Code].Select((v, at) => new
                    {
                        Text = ReportFormat.Of(indicator.Format, v), Value = ReportFormat.Raw(v),
                        Css = r.Since is not null && string.CompareOrdinal(trend.Periods[at], r.Since) < 0 ? "restated" : trend.Periods[at] == r.Since ? "change" : "",
                    }).ToList(),
                }).ToList(),
            }).ToList(),
            Ranks = trend.Streets.Select(s => new
            {
                s.Name, s.Code,
                Cells = s.Ranks.Select(r => new { Text = ReportFormat.Integer(r), Value = r is null ? "" : ReportFormat.Integer(r) }).ToList(),
            }).ToList(),
            RestatedRanks = (trend.Restated ?? []).Select(s => new
            {
                s.Name, s.Code,
                Cells = s.Ranks.Select(r => new { Text = ReportFormat.Integer(r), Value = r is null ? "" : ReportFormat.Integer(r) }).ToList(),
            }).ToList(),
            HasRestated = restated.Count > 0,
            DataElementId = PageAssets.TrendDataElementId,
            Data = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(trend, DataJson)),
            ChartLibrary = chartLibrary,
            Script = PageAssets.TrendScript,
        });
    }
}
