using System.Net;
using System.Text;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Core.Report;

/// <summary>
/// A period's page. Every value from the data is HTML-escaped; every figure is in a plain table, so the page reads
/// without scripts and prints; the charts draw from a JSON data element, never from markup or code built from values.
/// </summary>
internal static class ReportPage
{
    private const string BelowMark = "▼ ";

    public static string Render(SummaryDocument summary, IReadOnlyList<CommunityFigures> communities, FigureSettings settings, string chartLibrary)
    {
        var html = new StringBuilder();
        var title = $"{summary.District.Name} 基层治理月报 {summary.Period}";
        Head(html, $"{title} · Community governance report", ReportSite.ContentSecurityPolicy(ReportScript.Hash));
        html.Append("<header class=\"masthead\">\n<div>\n<p class=\"eyebrow\">基层治理月报 · Community governance report</p>\n")
            .Append("<h1>").Append(E(summary.District.Name)).Append(' ').Append(E(summary.Period)).Append("</h1>\n")
            .Append("<p class=\"meta\">统计期 Period ").Append(E(summary.Period))
            .Append(" · 版本 Revision ").Append(E(ReportFormat.Raw(summary.Revision)))
            .Append(" · 生成时间 Generated ").Append(E(summary.GeneratedAt)).Append("</p>\n</div>\n")
            .Append("<nav aria-label=\"下载与导航 Downloads and navigation\">")
            .Append("<a href=\"../index.html\">全部月份 All periods</a>")
            // Through the period's folder, so the copy under latest/ links to it as well.
            .Append("<a href=\"../").Append(E(summary.Period)).Append('/').Append(StatusPage.Name).Append("\">报送情况 Submissions</a>")
            .Append("<a href=\"summary.json\">summary.json</a>")
            .Append("<a href=\"streets.csv\">街道 streets.csv</a>")
            .Append("<a href=\"communities.csv\">社区 communities.csv</a>")
            .Append("</nav>\n</header>\n<main>\n");

        Overview(html, summary, settings);
        Ranking(html, summary);
        Targets(html, summary, settings);
        Trend(html, summary);
        ServiceModes(html, summary);
        Drilldown(html, summary, communities, settings);

        html.Append("</main>\n<footer>\n")
            .Append("<p>说明 Notes: “汇总 Pooled” 为全区（街道）计数合并后计算的比率；“社区平均 Community average” 为有有效回访的社区各自比率的算术平均。")
            .Append("满意率 = (满意 + ").Append(E(ReportFormat.Raw(settings.BasicSatisfiedWeight))).Append(" × 基本满意) ÷ 有效回访；综合得分 = 100 × (")
            .Append(E(ReportFormat.Raw(settings.ResponseWeight))).Append(" × 响应率 + ").Append(E(ReportFormat.Raw(settings.ResolutionWeight)))
            .Append(" × 解决率 + ").Append(E(ReportFormat.Raw(settings.SatisfactionWeight))).Append(" × 满意率)。</p>\n")
            .Append("<p>“—” 表示无数据（分母为 0）No data. “▼” 表示低于目标 Below target. 变化以百分点 (pp) 计 Changes in percentage points.</p>\n")
            .Append("</footer>\n");

        html.Append("<script type=\"application/json\" id=\"").Append(ReportScript.DataElementId).Append("\">")
            .Append(ReportData.Json(summary, settings)).Append("</script>\n")
            .Append("<script src=\"").Append(E(chartLibrary)).Append("\"></script>\n")
            .Append("<script>").Append(ReportScript.Code).Append("</script>\n")
            .Append("</body>\n</html>\n");
        return html.ToString();
    }

    internal static void Head(StringBuilder html, string title, string contentSecurityPolicy) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(E(contentSecurityPolicy)).Append("\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(ReportStyles.Css).Append("\n</style>\n</head>\n<body>\n");

    internal static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static void Overview(StringBuilder html, SummaryDocument summary, FigureSettings settings)
    {
        var d = summary.District;
        var previous = d.Previous;
        var below = d.Alerts.Select(a => a.Indicator).ToHashSet(StringComparer.Ordinal);
        html.Append("<section id=\"overview\">\n<h2>全区概况 <span class=\"en\">District overview</span></h2>\n<div class=\"cards\">\n");
        foreach (var indicator in ReportIndicator.All)
        {
            var value = indicator.Value(d.Property, d.Appeals);
            var isBelow = below.Contains(indicator.Key);
            html.Append("<div class=\"card").Append(isBelow ? " below" : "").Append("\" data-indicator=\"").Append(E(indicator.Key)).Append("\">")
                .Append("<div class=\"label\">").Append(E(indicator.Chinese)).Append(" <span class=\"en\">").Append(E(indicator.English)).Append("</span></div>")
                .Append("<div class=\"value\">").Append(isBelow ? BelowMark : "").Append(E(indicator.Format(value))).Append("</div>");
            if (indicator.Average is { } average)
            {
                html.Append("<div class=\"sub\">社区平均 Community avg ").Append(E(indicator.Format(average(d.Appeals?.CommunityAverage)))).Append("</div>");
            }

            var target = Target(settings, indicator);
            html.Append("<div class=\"sub\">");
            if (target is not null)
            {
                html.Append("目标 Target ").Append(E(indicator.Format(target))).Append(" · ");
            }

            html.Append("较上期 vs previous ").Append(E(indicator.FormatDelta(value, indicator.Value(previous?.Property, previous?.Appeals))))
                .Append("</div></div>\n");
        }

        html.Append("</div>\n<div class=\"scroll\"><table id=\"district-table\">\n<caption>全区指标 District indicators</caption>\n<thead><tr>")
            .Append(Th("指标", "Indicator", "text")).Append(Th("全区汇总", "Pooled")).Append(Th("社区平均", "Community average"))
            .Append(Th("目标", "Target")).Append(Th($"上期 {PreviousPeriod(summary)}", "Previous")).Append(Th("变化", "Change"))
            .Append(Th("状态", "Status", "text")).Append("</tr></thead>\n<tbody>\n");
        foreach (var indicator in ReportIndicator.All)
        {
            var value = indicator.Value(d.Property, d.Appeals);
            var before = indicator.Value(previous?.Property, previous?.Appeals);
            var isBelow = below.Contains(indicator.Key);
            var target = Target(settings, indicator);
            html.Append("<tr data-indicator=\"").Append(E(indicator.Key)).Append("\">")
                .Append("<th scope=\"row\" class=\"text\">").Append(E(indicator.Chinese)).Append(" <span class=\"en\">").Append(E(indicator.English)).Append("</span></th>")
                .Append(ValueCell(indicator, value, isBelow ? target : null))
                .Append("<td>").Append(E(indicator.Average is { } average ? indicator.Format(average(d.Appeals?.CommunityAverage)) : ReportFormat.None)).Append("</td>")
                .Append("<td>").Append(E(indicator.Format(target))).Append("</td>")
                .Append("<td>").Append(E(indicator.Format(before))).Append("</td>")
                .Append(DeltaCell(indicator, value, before))
                .Append("<td class=\"text\">").Append(value is null || target is null ? ReportFormat.None : isBelow ? "低于目标 Below target" : "达标 On target")
                .Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");

        var p = d.Property;
        html.Append("<div class=\"scroll\"><table id=\"district-property-counts\">\n<caption>小区台账 Compound roster</caption>\n<thead><tr>")
            .Append(Th("小区数", "Compounds")).Append(Th("有物业服务", "With property service")).Append(Th("有业主组织", "With owner organisation"))
            .Append(Th("有党组织", "With party organisation")).Append("</tr></thead>\n<tbody><tr>")
            .Append(Td(ReportFormat.Count(p?.Compounds))).Append(Td(ReportFormat.Count(p?.WithPropertyService)))
            .Append(Td(ReportFormat.Count(p?.WithOwnerOrganization))).Append(Td(ReportFormat.Count(p?.WithPartyOrganization)))
            .Append("</tr></tbody>\n</table></div>\n");
        var a = d.Appeals;
        html.Append("<div class=\"scroll\"><table id=\"district-appeal-counts\">\n<caption>12345 诉求办理 Appeal handling</caption>\n<thead><tr>")
            .Append(Th("受理量", "Received")).Append(Th("有效回访", "Valid visits")).Append(Th("已联系", "Contacted")).Append(Th("已解决", "Resolved"))
            .Append(Th("满意", "Satisfied")).Append(Th("基本满意", "Basically satisfied")).Append(Th("不满意", "Unsatisfied"))
            .Append(Th("数据来源", "Source", "text")).Append("</tr></thead>\n<tbody><tr>")
            .Append(Td(ReportFormat.Count(a?.Received))).Append(Td(ReportFormat.Count(a?.ValidVisits))).Append(Td(ReportFormat.Count(a?.Contacted)))
            .Append(Td(ReportFormat.Count(a?.Resolved))).Append(Td(ReportFormat.Count(a?.Satisfied))).Append(Td(ReportFormat.Count(a?.BasicSatisfied)))
            .Append(Td(ReportFormat.Count(a?.Unsatisfied))).Append("<td class=\"text\">").Append(E(SourceName(a?.Source))).Append("</td>")
            .Append("</tr></tbody>\n</table></div>\n</section>\n");
    }

    private static void Ranking(StringBuilder html, SummaryDocument summary)
    {
        html.Append("<section id=\"ranking\">\n<h2>街道排名 <span class=\"en\">Street ranking</span></h2>\n")
            .Append("<figure class=\"chart\" hidden><div id=\"chart-scores\" class=\"chart-canvas tall\" role=\"img\" aria-label=\"各街道综合得分 Score by street\"></div>")
            .Append("<figcaption>各街道综合得分（按排名）Score by street, in rank order</figcaption></figure>\n")
            .Append("<div class=\"scroll\"><table id=\"ranking-table\">\n<thead><tr>")
            .Append(Th("排名", "Rank")).Append(Th("街道", "Street", "text")).Append(Th("综合得分", "Score"));
        foreach (var indicator in ReportIndicator.Appeals.Concat(ReportIndicator.Property))
        {
            html.Append(Th(indicator.Chinese, indicator.English));
        }

        html.Append(Th("小区数", "Compounds")).Append(Th("有效回访", "Valid visits")).Append(Th("上期排名", "Previous rank"))
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var street in ReportOrder.Ranking(summary))
        {
            var below = street.Alerts.ToDictionary(a => a.Indicator, a => (double?)a.Target, StringComparer.Ordinal);
            html.Append("<tr data-code=\"").Append(E(street.Code)).Append("\">")
                .Append("<td class=\"rank\">").Append(E(ReportFormat.Integer(street.Rank))).Append("</td>")
                .Append("<th scope=\"row\" class=\"text street\">").Append(E(street.Name)).Append("</th>")
                .Append(ValueCell(ReportIndicator.Score, street.Appeals?.Score, below.GetValueOrDefault(Indicators.Score)));
            foreach (var indicator in ReportIndicator.Appeals)
            {
                html.Append(ValueCell(indicator, indicator.Value(street.Property, street.Appeals), below.GetValueOrDefault(indicator.Key),
                    street.Appeals is null ? null : indicator.Average!(street.Appeals.CommunityAverage), street.Appeals is not null));
            }

            foreach (var indicator in ReportIndicator.Property)
            {
                html.Append(ValueCell(indicator, indicator.Value(street.Property, street.Appeals), below.GetValueOrDefault(indicator.Key)));
            }

            html.Append(Td(ReportFormat.Count(street.Property?.Compounds))).Append(Td(ReportFormat.Count(street.Appeals?.ValidVisits)))
                .Append(Td(ReportFormat.Integer(street.Previous?.Rank))).Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n")
            .Append("<p class=\"note\">排名按综合得分从高到低，无有效回访的街道不参与排名。单元格中的“平均”为社区平均。")
            .Append("Ranked by score; streets without valid visits are not ranked. “平均” under a rate is the community average.</p>\n</section>\n");
    }

    private static void Targets(StringBuilder html, SummaryDocument summary, FigureSettings settings)
    {
        html.Append("<section id=\"targets\">\n<h2>目标与预警 <span class=\"en\">Targets and alerts</span></h2>\n")
            .Append("<figure class=\"chart\" hidden><div id=\"chart-property\" class=\"chart-canvas\" role=\"img\" aria-label=\"各街道物业三率 Property rates by street\"></div>")
            .Append("<figcaption>各街道物业“三率”，虚线为目标 Property rates by street; dashed lines are targets</figcaption></figure>\n");

        var targeted = ReportIndicator.All.Where(i => settings.Targets.ContainsKey(i.Key)).ToList();
        html.Append("<div class=\"scroll\"><table id=\"targets-table\">\n<caption>目标 Targets</caption>\n<thead><tr>")
            .Append(Th("指标", "Indicator", "text")).Append(Th("目标", "Target")).Append(Th("全区", "District"))
            .Append(Th("低于目标的街道", "Streets below target")).Append("</tr></thead>\n<tbody>\n");
        foreach (var indicator in targeted)
        {
            var value = indicator.Value(summary.District.Property, summary.District.Appeals);
            var isBelow = summary.District.Alerts.Any(a => a.Indicator == indicator.Key);
            var streets = summary.Streets.Count(s => s.Alerts.Any(a => a.Indicator == indicator.Key));
            html.Append("<tr><th scope=\"row\" class=\"text\">").Append(E(indicator.Label)).Append("</th>")
                .Append(Td(indicator.Format(settings.Targets[indicator.Key])))
                .Append(ValueCell(indicator, value, isBelow ? settings.Targets[indicator.Key] : null))
                .Append(Td(ReportFormat.Count(streets))).Append("</tr>\n");
        }

        if (targeted.Count == 0)
        {
            html.Append("<tr><td colspan=\"4\" class=\"text empty\">未设置目标 No targets configured</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");

        var alerts = summary.District.Alerts.Select(a => (Scope: $"{summary.District.Name}（全区）", Alert: a))
            .Concat(ReportOrder.Ranking(summary).SelectMany(s => s.Alerts.Select(a => (Scope: s.Name, Alert: a))))
            .ToList();
        html.Append("<h3>预警 <span class=\"en\">Alerts</span></h3>\n");
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"empty\">本期无预警 No alerts this period.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"scroll\"><table id=\"alerts-table\">\n<thead><tr>")
            .Append(Th("范围", "Scope", "text")).Append(Th("指标", "Indicator", "text")).Append(Th("数值", "Value"))
            .Append(Th("目标", "Target")).Append(Th("差距", "Gap")).Append("</tr></thead>\n<tbody>\n");
        foreach (var (scope, alert) in alerts)
        {
            var indicator = ReportIndicator.All.FirstOrDefault(i => i.Key == alert.Indicator)
                ?? new ReportIndicator(alert.Indicator, alert.Indicator, "", (_, _) => null);
            html.Append("<tr><th scope=\"row\" class=\"text\">").Append(E(scope)).Append("</th>")
                .Append("<td class=\"text\">").Append(E(indicator.Label)).Append("</td>")
                .Append(ValueCell(indicator, alert.Value, alert.Target))
                .Append(Td(indicator.Format(alert.Target)))
                .Append(DeltaCell(indicator, alert.Value, alert.Target))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void Trend(StringBuilder html, SummaryDocument summary)
    {
        var indicators = new[] { ReportIndicator.Score }.Concat(ReportIndicator.Appeals).Concat(ReportIndicator.Property).ToList();
        html.Append("<section id=\"trend\">\n<h2>环比变化 <span class=\"en\">Change from the previous period</span></h2>\n")
            .Append("<p class=\"note\">与上期 ").Append(E(PreviousPeriod(summary)))
            .Append(" 相比；比率变化以百分点 (pp) 计，得分变化以分计。Compared with the previous period; rates in percentage points, the score in points.</p>\n")
            .Append("<div class=\"scroll\"><table id=\"trend-table\">\n<thead><tr>")
            .Append(Th("街道", "Street", "text")).Append(Th("本期排名", "Rank")).Append(Th("上期排名", "Previous rank")).Append(Th("排名变化", "Rank change"));
        foreach (var indicator in indicators)
        {
            html.Append(Th($"Δ{indicator.Chinese}", indicator.English));
        }

        html.Append("</tr></thead>\n<tbody>\n");
        var d = summary.District;
        html.Append("<tr class=\"district\"><th scope=\"row\" class=\"text\">").Append(E(d.Name)).Append("（全区）</th>")
            .Append(Td(ReportFormat.None)).Append(Td(ReportFormat.None)).Append(Td(ReportFormat.None));
        foreach (var indicator in indicators)
        {
            html.Append(DeltaCell(indicator, indicator.Value(d.Property, d.Appeals), indicator.Value(d.Previous?.Property, d.Previous?.Appeals)));
        }

        html.Append("</tr>\n");
        foreach (var street in ReportOrder.Ranking(summary))
        {
            var before = street.Previous;
            html.Append("<tr><th scope=\"row\" class=\"text\">").Append(E(street.Name)).Append("</th>")
                .Append(Td(ReportFormat.Integer(street.Rank))).Append(Td(ReportFormat.Integer(before?.Rank))).Append(RankChange(street.Rank, before?.Rank));
            foreach (var indicator in indicators)
            {
                html.Append(DeltaCell(indicator, indicator.Value(street.Property, street.Appeals), indicator.Value(before?.Property, before?.Appeals)));
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void ServiceModes(StringBuilder html, SummaryDocument summary)
    {
        var district = summary.District.Property;
        var modes = ReportOrder.Counts(district?.ByServiceMode);
        html.Append("<section id=\"service-modes\">\n<h2>物业服务方式 <span class=\"en\">Service modes</span></h2>\n")
            .Append("<figure class=\"chart\" hidden><div id=\"chart-modes\" class=\"chart-canvas\" role=\"img\" aria-label=\"全区小区物业服务方式 Service modes of the district's compounds\"></div>")
            .Append("<figcaption>全区小区按物业服务方式 Compounds by service mode</figcaption></figure>\n");
        Shares(html, "modes-table", "全区 District", "服务方式", "Service mode", modes, district?.Compounds ?? 0);
        Shares(html, "compound-types-table", "小区类型 Compound types", "小区类型", "Compound type", ReportOrder.Counts(district?.ByCompoundType), district?.Compounds ?? 0);

        if (modes.Count > 0)
        {
            html.Append("<div class=\"scroll\"><table id=\"street-modes-table\">\n<caption>各街道 By street</caption>\n<thead><tr>").Append(Th("街道", "Street", "text"));
            foreach (var (mode, _) in modes)
            {
                html.Append("<th scope=\"col\">").Append(E(mode)).Append("</th>");
            }

            html.Append(Th("小区数", "Compounds")).Append("</tr></thead>\n<tbody>\n");
            foreach (var street in summary.Streets.Where(s => s.Property is not null))
            {
                html.Append("<tr><th scope=\"row\" class=\"text\">").Append(E(street.Name)).Append("</th>");
                foreach (var (mode, _) in modes)
                {
                    html.Append(Td(ReportFormat.Count(street.Property!.ByServiceMode.GetValueOrDefault(mode))));
                }

                html.Append(Td(ReportFormat.Count(street.Property!.Compounds))).Append("</tr>\n");
            }

            html.Append("</tbody>\n</table></div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Shares(StringBuilder html, string id, string caption, string chinese, string english,
        IReadOnlyList<KeyValuePair<string, long>> counts, long total)
    {
        html.Append("<div class=\"scroll\"><table id=\"").Append(id).Append("\" class=\"compact\">\n<caption>").Append(E(caption)).Append("</caption>\n<thead><tr>")
            .Append(Th(chinese, english, "text")).Append(Th("小区数", "Compounds")).Append(Th("占比", "Share")).Append("</tr></thead>\n<tbody>\n");
        foreach (var (name, count) in counts)
        {
            html.Append("<tr><th scope=\"row\" class=\"text\">").Append(E(name)).Append("</th>")
                .Append(Td(ReportFormat.Count(count))).Append(Td(ReportFormat.Percent(Rate.Of(count, total)))).Append("</tr>\n");
        }

        if (counts.Count == 0)
        {
            html.Append("<tr><td colspan=\"3\" class=\"text empty\">暂无数据 No data</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
    }

    private static void Drilldown(StringBuilder html, SummaryDocument summary, IReadOnlyList<CommunityFigures> communities, FigureSettings settings)
    {
        var groups = ReportOrder.Drilldown(summary, communities);
        var columns = ReportIndicator.Property.Concat(ReportIndicator.Appeals).Append(ReportIndicator.Score).ToList();
        html.Append("<section id=\"communities\">\n<h2>社区明细 <span class=\"en\">Communities by street</span></h2>\n");
        if (groups.Count == 0)
        {
            html.Append("<p class=\"empty\">暂无社区数据 No community figures.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"jump\">");
        foreach (var (code, name, rows) in groups)
        {
            html.Append("<li><a href=\"#street-").Append(E(code)).Append("\">").Append(E(name)).Append("</a> (")
                .Append(E(ReportFormat.Count(rows.Count))).Append(")</li>");
        }

        html.Append("</ul>\n<div class=\"scroll\"><table id=\"community-table\">\n<thead><tr>")
            .Append(Th("社区", "Community", "text")).Append(Th("社区代码", "Code", "text")).Append(Th("小区数", "Compounds"));
        foreach (var indicator in columns.Take(3))
        {
            html.Append(Th(indicator.Chinese, indicator.English));
        }

        html.Append(Th("受理量", "Received")).Append(Th("有效回访", "Valid visits"));
        foreach (var indicator in columns.Skip(3))
        {
            html.Append(Th(indicator.Chinese, indicator.English));
        }

        html.Append("</tr></thead>\n");
        foreach (var (code, name, rows) in groups)
        {
            html.Append("<tbody data-street=\"").Append(E(code)).Append("\">\n<tr class=\"group\"><th colspan=\"12\" scope=\"rowgroup\" id=\"street-")
                .Append(E(code)).Append("\">").Append(E(name)).Append(" <span class=\"en\">").Append(E(ReportFormat.Count(rows.Count)))
                .Append(" 个社区 communities</span></th></tr>\n");
            foreach (var row in rows)
            {
                html.Append("<tr><th scope=\"row\" class=\"text community\">").Append(E(row.Figures.Name)).Append("</th>")
                    .Append("<td class=\"code\">").Append(E(row.Figures.Code ?? ReportFormat.None)).Append("</td>")
                    .Append(Td(ReportFormat.Count(row.Property?.Compounds)));
                foreach (var indicator in columns.Take(3))
                {
                    html.Append(CommunityCell(indicator, row.Rate(indicator, settings), settings));
                }

                html.Append(Td(ReportFormat.Count(row.Appeals?.Received))).Append(Td(ReportFormat.Count(row.Appeals?.ValidVisits)));
                foreach (var indicator in columns.Skip(3))
                {
                    html.Append(CommunityCell(indicator, row.Rate(indicator, settings), settings));
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n");
        }

        html.Append("</table></div>\n</section>\n");
    }

    private static string CommunityCell(ReportIndicator indicator, double? value, FigureSettings settings) =>
        ValueCell(indicator, value, settings.Targets.TryGetValue(indicator.Key, out var target) && value < target ? target : null);

    /// <summary>A figure; when <paramref name="belowTarget"/> is given it is highlighted and marked, for print too.</summary>
    private static string ValueCell(ReportIndicator indicator, double? value, double? belowTarget, double? average = null, bool showAverage = false)
    {
        var cell = new StringBuilder(belowTarget is { } target
            ? $"<td class=\"below\" title=\"低于目标 Below target {E(indicator.Format(target))}\">{BelowMark}"
            : "<td>");
        cell.Append(E(indicator.Format(value)));
        if (showAverage)
        {
            cell.Append("<span class=\"avg\" title=\"社区平均 Community average\">平均 ").Append(E(indicator.Format(average))).Append("</span>");
        }

        return cell.Append("</td>").ToString();
    }

    private static string DeltaCell(ReportIndicator indicator, double? now, double? before)
    {
        var text = indicator.FormatDelta(now, before);
        var direction = text.StartsWith('+') ? " class=\"up\"" : text.StartsWith('\u2212') ? " class=\"down\"" : "";
        return $"<td{direction}>{E(text)}</td>";
    }

    private static string RankChange(int? now, int? before)
    {
        if (now is not { } n || before is not { } b)
        {
            return Td(ReportFormat.None);
        }

        var change = b - n;
        return change > 0 ? $"<td class=\"up\">↑{E(ReportFormat.Integer(change))}</td>"
            : change < 0 ? $"<td class=\"down\">↓{E(ReportFormat.Integer(-change))}</td>"
            : Td("0");
    }

    private static string Th(string chinese, string english, string? cssClass = null) =>
        $"<th scope=\"col\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")}>{E(chinese)}<span class=\"en\"> {E(english)}</span></th>";

    private static string Td(string text) => $"<td>{E(text)}</td>";

    private static double? Target(FigureSettings settings, ReportIndicator indicator) =>
        settings.Targets.TryGetValue(indicator.Key, out var target) ? target : null;

    private static string PreviousPeriod(SummaryDocument summary) => summary.District.Previous?.Period ?? Periods.Previous(summary.Period);

    private static string SourceName(string? source) => source switch
    {
        null => ReportFormat.None,
        "counts" => "汇总表 Counts",
        "tickets" => "工单 Tickets",
        "mixed" => "汇总表与工单 Mixed",
        _ => source,
    };
}
