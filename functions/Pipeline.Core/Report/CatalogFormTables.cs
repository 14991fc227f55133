using Pipeline.Core.Figures;
using System.Globalization;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Summary;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Report;

/// <summary>
/// The figures of the forms a catalog adds, from the v3 summary, as the page's tables and a CSV per form: each street
/// and the district with the form's indicators (as the catalog formats them, marked below target) and its measures.
/// Only forms with figures in the period are shown; the built-in forms have the page's own sections.
/// </summary>
internal static class CatalogFormTables
{
    /// <summary>The report's CSV of a form: <c>form-{code}.csv</c>.</summary>
    public static string CsvName(string form) => $"form-{form}.csv";

    public static IReadOnlyList<FormTable> Of(FiguresSummary figures, FormCatalog catalog) =>
    [
        .. catalog.Forms
            .Where(form => !LegacyMeasures.Tallied(form.Code) && figures.District.Forms.ContainsKey(form.Code))
            .Select(form => Table(figures, catalog, form)),
    ];

    private static FormTable Table(FiguresSummary figures, FormCatalog catalog, FormDefinition form)
    {
        var indicators = catalog.Indicators.Where(i => i.Form == form.Code).ToList();
        var measures = form.Measures.Where(m => m.By is null).ToList();
        var headings = new List<Heading> { new("街道", "Street", "text") };
        headings.AddRange(indicators.Select(i => new Heading(i.Title.Zh, i.Title.En)));
        headings.AddRange(measures.Select(m => new Heading(m.Title.Zh, m.Title.En)));
        var rows = figures.Streets.Select(s => Row(s, indicators, measures, form.Code, "text"))
            .Append(Row(figures.District, indicators, measures, form.Code, "text") with { Css = "district" })
            .ToList();
        var csv = new List<IEnumerable<string>>
        {
            new[] { "代码 code", "名称 name" }.Concat(indicators.Select(i => $"{i.Title.Zh} {i.Code}")).Concat(measures.Select(m => $"{m.Title.Zh} {m.Code}")).Select(Csv.Cell),
        };
        csv.AddRange(figures.Streets.Append(figures.District).Select(scope =>
            new[] { Csv.Cell(scope.Code), Csv.Cell(scope.Name) }
                .Concat(indicators.Select(i => ReportFormat.Raw(scope.Indicators.GetValueOrDefault(i.Code)?.Value)))
                .Concat(measures.Select(m => ReportFormat.Raw(Measure(scope, form.Code, m.Code))))));
        return new FormTable(form.Code, form.Title.Zh, form.Title.En, CsvName(form.Code), headings, rows, ReportCsv.Encode(csv));
    }

    private static NamedRow Row(ScopeFigures scope, IReadOnlyList<Indicator> indicators, IReadOnlyList<Measure> measures, string form, string nameCss) =>
        new(scope.Name,
        [
            .. indicators.Select(i => Value(i, scope.Indicators.GetValueOrDefault(i.Code)?.Value, scope.Alerts.Any(a => a.Indicator == i.Code))),
            .. measures.Select(m => new Cell(Measure(scope, form, m.Code) is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : ReportFormat.None)),
        ], NameCss: nameCss);

    private static double? Measure(ScopeFigures scope, string form, string code) =>
        scope.Forms.TryGetValue(form, out var measures) && measures.Measures.TryGetValue(code, out var value) ? value : null;

    /// <summary>A catalog indicator's value as the catalog formats it, marked when it misses its target.</summary>
    public static Cell Value(Indicator indicator, double? value, bool below) =>
        new(Format(indicator, value), below ? "below" : null, below && indicator.Target is { } target ? $"低于目标 Below target {Format(indicator, target)}" : null, below);

    private static string Format(Indicator indicator, double? value) => ReportFormat.Of(indicator.Format, value);
}

/// <summary>One catalog form's table on the period page, and its CSV.</summary>
internal sealed record FormTable(string Code, string Chinese, string English, string CsvName, IReadOnlyList<Heading> Headings, IReadOnlyList<NamedRow> Rows, byte[] Csv);
