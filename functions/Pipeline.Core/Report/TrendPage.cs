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

    public static string Render(TrendDocument trend, string chartLibrary)
    {
        var rows = new[] { (Name: $"{trend.District.Name}（全区）", Css: "district", trend.District.Indicators, Code: trend.District.Code) }
            .Concat(trend.Streets.Select(s => (s.Name, Css: "", s.Indicators, s.Code)))
            .ToList();
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
                    r.Name, r.Css, r.Code,
                    Cells = r.Indicators[indicator.Code].Select(v => new { Text = ReportFormat.Of(indicator.Format, v), Value = ReportFormat.Raw(v) }).ToList(),
                }).ToList(),
            }).ToList(),
            Ranks = trend.Streets.Select(s => new
            {
                s.Name, s.Code,
                Cells = s.Ranks.Select(r => new { Text = ReportFormat.Integer(r), Value = r is null ? "" : ReportFormat.Integer(r) }).ToList(),
            }).ToList(),
            DataElementId = PageAssets.TrendDataElementId,
            Data = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(trend, DataJson)),
            ChartLibrary = chartLibrary,
            Script = PageAssets.TrendScript,
        });
    }
}
