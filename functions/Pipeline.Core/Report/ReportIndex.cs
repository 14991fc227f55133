using System.Text;

namespace Pipeline.Core.Report;

/// <summary><c>reports/index.html</c>: every period with a report, newest first, and a link to the latest.</summary>
internal static class ReportIndex
{
    public static string Render(string districtName, IReadOnlyList<string> periodsNewestFirst)
    {
        var E = ReportPage.E;
        var html = new StringBuilder();
        ReportPage.Head(html, $"{districtName} 基层治理月报 · Community governance reports", ReportSite.ContentSecurityPolicy(null));
        html.Append("<header class=\"masthead\">\n<div>\n<p class=\"eyebrow\">基层治理月报 · Community governance reports</p>\n")
            .Append("<h1>").Append(E(districtName)).Append(" 全部月份 <span class=\"en\">All periods</span></h1>\n</div>\n");
        if (periodsNewestFirst.Count > 0)
        {
            html.Append("<nav><a href=\"latest/index.html\">最新 Latest: ").Append(E(periodsNewestFirst[0])).Append("</a></nav>\n");
        }

        html.Append("</header>\n<main>\n<section>\n<table id=\"periods-table\">\n<thead><tr>")
            .Append("<th scope=\"col\" class=\"text\">统计期<span class=\"en\"> Period</span></th>")
            .Append("<th scope=\"col\" class=\"text\">报告<span class=\"en\"> Report</span></th>")
            .Append("<th scope=\"col\" class=\"text\">数据<span class=\"en\"> Data</span></th></tr></thead>\n<tbody>\n");
        foreach (var period in periodsNewestFirst)
        {
            var p = E(period);
            html.Append("<tr data-period=\"").Append(p).Append("\"><th scope=\"row\" class=\"text\">").Append(p).Append("</th>")
                .Append("<td class=\"text\"><a href=\"").Append(p).Append("/index.html\">").Append(p).Append(" 月报 report</a> · ")
                .Append("<a href=\"").Append(p).Append('/').Append(StatusPage.Name).Append("\">报送情况 submissions</a></td>")
                .Append("<td class=\"text\"><a href=\"").Append(p).Append("/summary.json\">summary.json</a> · ")
                .Append("<a href=\"").Append(p).Append("/streets.csv\">streets.csv</a> · ")
                .Append("<a href=\"").Append(p).Append("/communities.csv\">communities.csv</a></td></tr>\n");
        }

        if (periodsNewestFirst.Count == 0)
        {
            html.Append("<tr><td colspan=\"3\" class=\"text empty\">暂无报告 No reports yet</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
