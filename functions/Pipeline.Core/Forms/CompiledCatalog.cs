namespace Pipeline.Core.Forms;

/// <summary>
/// A checked catalog, compiled once: each form's checks and measures, each indicator, and the score, as functions.
/// Only <see cref="FormCatalogFile.Read"/> or <see cref="FormCatalogs"/> give a catalog to compile, so every
/// expression here passed <see cref="CatalogCheck"/>.
/// </summary>
public sealed class CompiledCatalog
{
    private readonly Dictionary<string, CompiledForm> _forms;

    private CompiledCatalog(FormCatalog catalog)
    {
        Catalog = catalog;
        Indicators = [.. catalog.Indicators.Select(i => new CompiledIndicator(i, Tree(i.Numerator), Tree(i.Denominator)))];
        _forms = catalog.Forms.ToDictionary(f => f.Code, Compile, StringComparer.Ordinal);
    }

    public FormCatalog Catalog { get; }

    public IReadOnlyList<CompiledIndicator> Indicators { get; }

    public IReadOnlyCollection<CompiledForm> Forms => _forms.Values;

    public static CompiledCatalog Compile(FormCatalog catalog) => new(catalog);

    /// <summary>The built-in catalog, compiled once.</summary>
    public static CompiledCatalog Builtin { get; } = Compile(FormCatalogs.Builtin);

    public CompiledForm Form(string code) => _forms[code];

    public bool Has(string code) => _forms.ContainsKey(code);

    /// <summary>Whether a file of <paramref name="form"/> merges its rows by key rather than replacing its slices; false for a form this version lacks.</summary>
    public bool MergesByKey(string form) => _forms.TryGetValue(form, out var compiled) && compiled.Definition.Statement == Statement.Merge;

    public CompiledIndicator Indicator(string code) => Indicators.Single(i => i.Definition.Code == code);

    /// <summary>The definition of indicator <paramref name="code"/>, or null when this version has none.</summary>
    public Indicator? Definition(string code) => Indicators.FirstOrDefault(i => i.Definition.Code == code)?.Definition;

    /// <summary>The indicators of the form <paramref name="measuredAs"/> over <paramref name="totals"/>, by code.</summary>
    public IReadOnlyDictionary<string, double?> IndicatorsOf(string measuredAs, MeasureTotals totals) =>
        Indicators.Where(i => i.Definition.Form == measuredAs).ToDictionary(i => i.Definition.Code, i => i.Value(totals), StringComparer.Ordinal);

    /// <summary>Every indicator over a scope's measure totals by form, by code; empty where its form has no totals.</summary>
    public IReadOnlyDictionary<string, double?> Values(IReadOnlyDictionary<string, MeasureTotals> forms) =>
        Indicators.ToDictionary(i => i.Definition.Code, i => forms.TryGetValue(i.Definition.Form, out var totals) ? i.Value(totals) : null, StringComparer.Ordinal);

    /// <summary>The score over <paramref name="indicators"/>: empty when the catalog has none or any weighed indicator is empty.</summary>
    public double? Score(IReadOnlyDictionary<string, double?> indicators)
    {
        if (Catalog.Score is not { } score)
        {
            return null;
        }

        var sum = 0.0;
        foreach (var (code, weight) in score.Weights)
        {
            if (indicators.GetValueOrDefault(code) is not { } value)
            {
                return null;
            }

            sum += weight * value;
        }

        return score.Scale * sum;
    }

    private CompiledForm Compile(FormDefinition form)
    {
        var measuredAs = Catalog.MeasuredAs(form);
        var measures = form.Measures.Select(m => new CompiledMeasure(m, ExpressionEvaluator.CompileMeasure(Parse(m.Expression)), m.By is { } by ? Tree(by) : null)).ToList();
        // indicator('code') in a check: the indicator over this one row's measures.
        Func<Func<string, object?>, object?> RowIndicator(string code)
        {
            var indicator = Indicators.Single(i => i.Definition.Code == code);
            return row =>
            {
                var totals = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var measure in measures.Where(m => m.By is null))
                {
                    totals[measure.Definition.Code] = measure.Contribution(row);
                }

                return indicator.Value(new MeasureTotals(totals, MeasureTotals.Zero.Breakdowns));
            };
        }

        var checks = form.Checks.Select(c =>
        {
            var tree = Parse(c.Expression);
            return new CompiledCheck(c, ExpressionEvaluator.Compile(tree, RowIndicator), ExpressionNames.Of(tree));
        }).ToList();
        return new CompiledForm(form, measuredAs, checks, measures, RowIndicator);
    }

    private static Func<Func<string, object?>, object?> Tree(string expression) => ExpressionEvaluator.Compile(Parse(expression));

    private static NCalc.LogicalExpression Parse(string expression) =>
        FormExpression.Parse(expression).Tree ?? throw new InvalidOperationException($"'{expression}' was not checked before it was compiled.");
}
