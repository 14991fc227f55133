using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Report;

/// <summary>
/// A period's page, from <c>report.liquid</c>: this class only decides what each section shows, as text; the template
/// lays it out and encodes every value. Every figure is in a plain table, so the page reads without scripts and
/// prints; the charts draw from a JSON data element, never from markup or code built from values.
/// </summary>
internal static class ReportPage
{
    private static readonly Heading Indicator = new("指标", "Indicator", "text");
    private static readonly Heading Street = new("街道", "Street", "text");
    private static readonly Heading Compounds = new("小区数", "Compounds");

    public static string Render(
        SummaryDocument summary, IReadOnlyList<CommunityFigures> communities, CompiledCatalog catalog, string chartLibrary, IReadOnlyList<HistoryEntry> history,
        IReadOnlyList<FormTable>? forms = null, FiguresSummary? figures = null, IReadOnlyList<DivisionChange>? divisionChanges = null)
    {
        var title = $"{summary.District.Name} 基层治理月报 {summary.Period}";
        return PageTemplates.Render("report", new
        {
            Page = new PageHead($"{title} · Community governance report", ReportSite.ContentSecurityPolicy(PageAssets.ScriptHash)),
            District = summary.District.Name,
            summary.Period,
            Revision = ReportFormat.Raw(summary.Revision),
            summary.GeneratedAt,
            Catalog = $"{catalog.Catalog.Version}（{catalog.Catalog.EffectiveFrom} 起 from {catalog.Catalog.EffectiveFrom}）",
            StatusLink = $"../{summary.Period}/{StatusPage.Name}",
            TrendLink = $"../{summary.Period}/{TrendPage.Name}",
            Standing = Standing(summary.Publication),
            History = history,
            Overview = Overview(summary, catalog),
            Ranking = Ranking(summary, catalog, figures),
            Groups = Groups(summary),
            Targets = Targets(summary, catalog),
            Trend = Trend(summary),
            Modes = ServiceModes(summary),
            Drilldown = Drilldown(summary, communities, catalog),
            Divisions = (divisionChanges ?? []).Select(Division).ToList(),
            Forms = (forms ?? []).Select(f => new { f.Code, f.Chinese, f.English, f.CsvName, f.Headings, f.Rows }).ToList(),
            Formulas = Formulas(catalog.Catalog),
            DataElementId = PageAssets.DataElementId,
            Data = ReportData.Json(summary, catalog),
            ChartLibrary = chartLibrary,
            Script = PageAssets.Script,
        });
    }

    /// <summary>正式版 or 初步数据, prominently: an official version is the figure the district issued.</summary>
    private static object Standing(Publication publication) => publication switch
    {
        { Status: Publication.Official, OfficialVersion: { } version } => new
        {
            Css = "official",
            Label = $"正式版 v{version} Official version {version}",
            Detail = $"封账于 Closed {Local(publication.ClosedAt)}{(publication.Note is { } note ? $" · {note}" : "")}",
        },
        { OfficialVersion: { } last } => new
        {
            Css = "provisional",
            Label = "初步数据 Provisional",
            Detail = $"正式版 v{last} 后已重新开放，数据可能变动 Reopened after official version {last}; figures may still change",
        },
        _ => new { Css = "provisional", Label = "初步数据 Provisional", Detail = "尚未封账，数据可能变动 Not closed yet; figures may still change" },
    };

    private static string Local(string? utc) =>
        utc is not null && DateTimeOffset.TryParse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? Timestamps.Beijing(at)
            : ReportFormat.None;

    private static object Overview(SummaryDocument summary, CompiledCatalog catalog)
    {
        var d = summary.District;
        var previous = d.Previous;
        var below = d.Alerts.Select(a => a.Indicator).ToHashSet(StringComparer.Ordinal);
        var cards = ReportIndicator.All.Select(indicator =>
        {
            var value = indicator.Value(d.Property, d.Appeals);
            var target = catalog.Definition(indicator.Key)?.Target;
            return new
            {
                indicator.Key, indicator.Chinese, indicator.English,
                Below = below.Contains(indicator.Key),
                Value = indicator.Format(value),
                Average = indicator.Average is { } average ? indicator.Format(average(d.Appeals?.CommunityAverage)) : null,
                Target = target is null ? null : indicator.Format(target),
                Delta = indicator.FormatDelta(value, indicator.Value(previous?.Property, previous?.Appeals)),
            };
        }).ToList();
        var rows = ReportIndicator.All.Select(indicator =>
        {
            var value = indicator.Value(d.Property, d.Appeals);
            var before = indicator.Value(previous?.Property, previous?.Appeals);
            var isBelow = below.Contains(indicator.Key);
            var target = catalog.Definition(indicator.Key)?.Target;
            return new
            {
                indicator.Key, indicator.Chinese, indicator.English,
                Cells = new[]
                {
                    Cell.Value(indicator, value, isBelow ? target : null),
                    new Cell(indicator.Average is { } average ? indicator.Format(average(d.Appeals?.CommunityAverage)) : ReportFormat.None),
                    new Cell(indicator.Format(target)),
                    new Cell(indicator.Format(before)),
                    Cell.Delta(indicator, value, before),
                    new Cell(value is null || target is null ? ReportFormat.None : isBelow ? "低于目标 Below target" : "达标 On target", "text"),
                },
            };
        }).ToList();
        var p = d.Property;
        var a = d.Appeals;
        return new
        {
            Cards = cards,
            Headings = new[]
            {
                Indicator, new("全区汇总", "Pooled"), new("社区平均", "Community average"), new("目标", "Target"),
                new($"上期 {PreviousPeriod(summary)}", "Previous"), new("变化", "Change"), new Heading("状态", "Status", "text"),
            },
            Rows = rows,
            PropertyHeadings = new Heading[] { Compounds, new("有物业服务", "With property service"), new("有业主组织", "With owner organisation"), new("有党组织", "With party organisation") },
            PropertyCells = new[] { p?.Compounds, p?.WithPropertyService, p?.WithOwnerOrganization, p?.WithPartyOrganization }.Select(Count).ToList(),
            AppealHeadings = new Heading[]
            {
                new("受理量", "Received"), new("有效回访", "Valid visits"), new("已联系", "Contacted"), new("已解决", "Resolved"),
                new("满意", "Satisfied"), new("基本满意", "Basically satisfied"), new("不满意", "Unsatisfied"), new("数据来源", "Source", "text"),
            },
            AppealCells = new[] { a?.Received, a?.ValidVisits, a?.Contacted, a?.Resolved, a?.Satisfied, a?.BasicSatisfied, a?.Unsatisfied }
                .Select(Count).Append(new Cell(SourceName(a?.Source), "text")).ToList(),
        };
    }

    /// <summary>
    /// The streets by rank: the score, then the indicators of other forms the catalog's score weighs (from v3, so the
    /// ranking shows what made it), then the built-in rates and counts.
    /// </summary>
    private static object Ranking(SummaryDocument summary, CompiledCatalog catalog, FiguresSummary? figures)
    {
        var weighed = (catalog.Catalog.Score?.Weights.Keys ?? []).Where(code => ReportIndicator.All.All(i => i.Key != code))
            .Select(catalog.Definition).OfType<Indicator>().ToList();
        var scopes = figures?.Streets.ToDictionary(s => s.Code, StringComparer.Ordinal) ?? [];
        var headings = new List<Heading> { new("排名", "Rank"), new("街道", "Street", "text"), new("综合得分", "Score") };
        headings.AddRange(weighed.Select(i => new Heading(i.Title.Zh, i.Title.En)));
        headings.AddRange(ReportIndicator.Appeals.Concat(ReportIndicator.Property).Select(i => new Heading(i.Chinese, i.English)));
        headings.AddRange([Compounds, new("有效回访", "Valid visits"), new("上期排名", "Previous rank")]);
        var rows = ReportOrder.Ranking(summary).Select(street =>
        {
            var below = street.Alerts.ToDictionary(a => a.Indicator, a => (double?)a.Target, StringComparer.Ordinal);
            var cells = new List<Cell> { Cell.Value(ReportIndicator.Score, street.Appeals?.Score, below.GetValueOrDefault(Indicators.Score)) };
            var scope = scopes.GetValueOrDefault(street.Code);
            cells.AddRange(weighed.Select(i => CatalogFormTables.Value(i, scope?.Indicators.GetValueOrDefault(i.Code)?.Value,
                scope?.Alerts.Any(a => a.Indicator == i.Code) == true)));
            cells.AddRange(ReportIndicator.Appeals.Select(indicator => Cell.Value(indicator, indicator.Value(street.Property, street.Appeals),
                below.GetValueOrDefault(indicator.Key), street.Appeals is null ? null : indicator.Average!(street.Appeals.CommunityAverage), street.Appeals is not null)));
            cells.AddRange(ReportIndicator.Property.Select(indicator =>
                Cell.Value(indicator, indicator.Value(street.Property, street.Appeals), below.GetValueOrDefault(indicator.Key))));
            cells.AddRange([Count(street.Property?.Compounds), Count(street.Appeals?.ValidVisits), new Cell(ReportFormat.Integer(street.Previous?.Rank))]);
            return new { street.Code, Rank = ReportFormat.Integer(street.Rank), street.Name, Cells = cells };
        }).ToList();
        return new { Headings = headings, Rows = rows };
    }

    /// <summary>The named community groups, figured as streets are (pooled, with the community average under each rate).</summary>
    private static object Groups(SummaryDocument summary)
    {
        var headings = new List<Heading> { new("分组", "Group", "text"), new("成员社区", "Members reporting"), new("综合得分", "Score") };
        headings.AddRange(ReportIndicator.Appeals.Concat(ReportIndicator.Property).Select(i => new Heading(i.Chinese, i.English)));
        headings.AddRange([Compounds, new("有效回访", "Valid visits")]);
        var rows = summary.Groups.Select(group => new
        {
            group.Code, group.Name,
            Cells = (IReadOnlyList<Cell>)
            [
                new($"{ReportFormat.Integer(group.Reporting)} / {ReportFormat.Integer(group.Members)}"),
                Cell.Value(ReportIndicator.Score, group.Appeals?.Score, null),
                .. ReportIndicator.Appeals.Select(i => Cell.Value(i, i.Value(group.Property, group.Appeals), null,
                    group.Appeals is null ? null : i.Average!(group.Appeals.CommunityAverage), group.Appeals is not null)),
                .. ReportIndicator.Property.Select(i => Cell.Value(i, i.Value(group.Property, group.Appeals), null)),
                Count(group.Property?.Compounds), Count(group.Appeals?.ValidVisits),
            ],
        }).ToList();
        return new { Headings = headings, Rows = rows };
    }

    private static object Targets(SummaryDocument summary, CompiledCatalog catalog)
    {
        var rows = ReportIndicator.All.Where(i => catalog.Definition(i.Key)?.Target is not null).Select(indicator =>
        {
            var target = catalog.Definition(indicator.Key)!.Target!.Value;
            var value = indicator.Value(summary.District.Property, summary.District.Appeals);
            var isBelow = summary.District.Alerts.Any(a => a.Indicator == indicator.Key);
            var streets = summary.Streets.Count(s => s.Alerts.Any(a => a.Indicator == indicator.Key));
            return new NamedRow(indicator.Label, [new Cell(indicator.Format(target)), Cell.Value(indicator, value, isBelow ? target : null), Count(streets)]);
        }).ToList();
        var alerts = summary.District.Alerts.Select(a => (Scope: $"{summary.District.Name}（全区）", Alert: a))
            .Concat(ReportOrder.Ranking(summary).SelectMany(s => s.Alerts.Select(a => (Scope: s.Name, Alert: a))))
            .Select(x =>
            {
                var indicator = ReportIndicator.All.FirstOrDefault(i => i.Key == x.Alert.Indicator)
                    ?? new ReportIndicator(x.Alert.Indicator, x.Alert.Indicator, "", (_, _) => null);
                return new NamedRow(x.Scope, [new Cell(indicator.Label, "text"), Cell.Value(indicator, x.Alert.Value, x.Alert.Target),
                    new Cell(indicator.Format(x.Alert.Target)), Cell.Delta(indicator, x.Alert.Value, x.Alert.Target)]);
            }).ToList();
        return new
        {
            Headings = new[] { Indicator, new("目标", "Target"), new("全区", "District"), new Heading("低于目标的街道", "Streets below target") },
            Rows = rows,
            AlertHeadings = new[] { new Heading("范围", "Scope", "text"), Indicator, new("数值", "Value"), new("目标", "Target"), new("差距", "Gap") },
            Alerts = alerts,
        };
    }

    private static object Trend(SummaryDocument summary)
    {
        var indicators = new[] { ReportIndicator.Score }.Concat(ReportIndicator.Appeals).Concat(ReportIndicator.Property).ToList();
        var headings = new List<Heading> { Street, new("本期排名", "Rank"), new("上期排名", "Previous rank"), new("排名变化", "Rank change") };
        headings.AddRange(indicators.Select(i => new Heading($"Δ{i.Chinese}", i.English)));
        var d = summary.District;
        var rows = new List<NamedRow>
        {
            new($"{d.Name}（全区）", [new(ReportFormat.None), new(ReportFormat.None), new(ReportFormat.None),
                .. indicators.Select(i => Cell.Delta(i, i.Value(d.Property, d.Appeals), i.Value(d.Previous?.Property, d.Previous?.Appeals)))], "district"),
        };
        rows.AddRange(ReportOrder.Ranking(summary).Select(street => new NamedRow(street.Name,
        [
            new(ReportFormat.Integer(street.Rank)), new(ReportFormat.Integer(street.Previous?.Rank)), Cell.RankChange(street.Rank, street.Previous?.Rank),
            .. indicators.Select(i => Cell.Delta(i, i.Value(street.Property, street.Appeals), i.Value(street.Previous?.Property, street.Previous?.Appeals))),
        ])));
        return new { Previous = PreviousPeriod(summary), Headings = headings, Rows = rows };
    }

    private static object ServiceModes(SummaryDocument summary)
    {
        var district = summary.District.Property;
        var modes = ReportOrder.Counts(district?.ByServiceMode);
        var total = district?.Compounds ?? 0;
        return new
        {
            Shares = new[]
            {
                Shares("modes-table", "全区 District", new Heading("服务方式", "Service mode", "text"), modes, total),
                Shares("compound-types-table", "小区类型 Compound types", new Heading("小区类型", "Compound type", "text"), ReportOrder.Counts(district?.ByCompoundType), total),
            },
            Modes = modes.Select(m => m.Key).ToList(),
            StreetHeadings = new[] { Street },
            CompoundsHeading = Compounds,
            Streets = summary.Streets.Where(s => s.Property is not null).Select(s => new NamedRow(s.Name,
                [.. modes.Select(m => Count(s.Property!.ByServiceMode.GetValueOrDefault(m.Key))), Count(s.Property!.Compounds)])).ToList(),
        };
    }

    private static object Shares(string id, string caption, Heading name, IReadOnlyList<KeyValuePair<string, long>> counts, long total) => new
    {
        Id = id,
        Caption = caption,
        Headings = new[] { name, Compounds, new Heading("占比", "Share") },
        Rows = counts.Select(c => new NamedRow(c.Key, [Count(c.Value), new Cell(ReportFormat.Percent(Rate.Of(c.Value, total)))])).ToList(),
    };

    private static object Drilldown(SummaryDocument summary, IReadOnlyList<CommunityFigures> communities, CompiledCatalog catalog)
    {
        var columns = ReportIndicator.Property.Concat(ReportIndicator.Appeals).Append(ReportIndicator.Score).ToList();
        var headings = new List<Heading> { new("社区", "Community", "text"), new("社区代码", "Code", "text"), Compounds };
        headings.AddRange(columns.Take(3).Select(i => new Heading(i.Chinese, i.English)));
        headings.AddRange([new("受理量", "Received"), new("有效回访", "Valid visits")]);
        headings.AddRange(columns.Skip(3).Select(i => new Heading(i.Chinese, i.English)));
        var groups = ReportOrder.Drilldown(summary, communities).Select(g => new
        {
            Code = g.StreetCode,
            Name = g.StreetName,
            Count = ReportFormat.Count(g.Communities.Count),
            Rows = g.Communities.Select(row => (row, Rates: row.Rates(catalog))).Select(x => new NamedRow(x.row.Figures.Name,
            [
                new(x.row.Figures.Code ?? ReportFormat.None, "code"), Count(x.row.Property?.Compounds),
                .. columns.Take(3).Select(i => CommunityCell(i, x.Rates.GetValueOrDefault(i.Key), catalog)),
                Count(x.row.Appeals?.Received), Count(x.row.Appeals?.ValidVisits),
                .. columns.Skip(3).Select(i => CommunityCell(i, x.Rates.GetValueOrDefault(i.Key), catalog)),
            ], NameCss: "text community")).ToList(),
        }).ToList();
        return new { Headings = headings, Groups = groups, Columns = headings.Count };
    }

    private static Cell CommunityCell(ReportIndicator indicator, double? value, CompiledCatalog catalog) =>
        Cell.Value(indicator, value, value is { } v && catalog.Definition(indicator.Key) is { } definition && IndicatorAlerts.Misses(definition, v) ? definition.Target : null);

    /// <summary>A change of the divisions in force from this period (区划变更), with the units it links.</summary>
    private static object Division(DivisionChange change) => new
    {
        Change = change.Kind switch
        {
            DivisionChangeKind.Began => "新设 Began",
            DivisionChangeKind.Ended => "撤销 Ended",
            DivisionChangeKind.Renamed => "更名 Renamed",
            var other => throw new ArgumentOutOfRangeException(nameof(change), other, null),
        },
        Unit = $"{change.Unit.KindName} {change.Unit.Name}",
        change.Unit.Code,
        Links = change.Kind switch
        {
            DivisionChangeKind.Renamed => $"原名 formerly {change.Before!.Name}",
            DivisionChangeKind.Began => change.Links.Count == 0 ? "" : "由 from " + string.Join("、", change.Links.Select(l => $"{l.KindName} {l.Name}（{l.Code}）")),
            DivisionChangeKind.Ended => change.Links.Count == 0 ? "" : "改为 became " + string.Join("、", change.Links.Select(l => $"{l.KindName} {l.Name}（{l.Code}）")),
            var other => throw new ArgumentOutOfRangeException(nameof(change), other, null),
        },
    };

    /// <summary>How each indicator and the score are computed, as the catalog version states them.</summary>
    private static IReadOnlyList<string> Formulas(FormCatalog catalog) =>
    [
        .. catalog.Indicators.Select(i => $"{i.Title.Zh} {i.Code} = ({i.Numerator}) ÷ ({i.Denominator})"),
        .. catalog.Score is { } score
            ? [$"{score.Title.Zh} {score.Code} = {ReportFormat.Raw(score.Scale)} × ({string.Join(" + ", score.Weights.Select(w => $"{ReportFormat.Raw(w.Value)} × {w.Key}"))})"]
            : Array.Empty<string>(),
    ];

    private static Cell Count(long? value) => new(ReportFormat.Count(value));


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
