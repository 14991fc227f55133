using Pipeline.Core.Model;

namespace Pipeline.Core.Forms;

/// <summary>
/// One form of a checked catalog, ready to run: its row checks and measures as functions of a row (a row is a
/// function from column key to value, null for a blank cell).
/// </summary>
public sealed class CompiledForm
{
    private readonly Func<string, Func<Func<string, object?>, object?>> _rowIndicator;

    internal CompiledForm(
        FormDefinition definition, FormDefinition measuredAs, IReadOnlyList<CompiledCheck> checks, IReadOnlyList<CompiledMeasure> measures,
        Func<string, Func<Func<string, object?>, object?>> rowIndicator)
    {
        Definition = definition;
        MeasuredAs = measuredAs;
        Checks = checks;
        Measures = measures;
        _rowIndicator = rowIndicator;
    }

    public FormDefinition Definition { get; }

    /// <summary>The form whose measures this one's rows count towards (itself, or the one it feeds).</summary>
    public FormDefinition MeasuredAs { get; }

    public IReadOnlyList<CompiledCheck> Checks { get; }

    public IReadOnlyList<CompiledMeasure> Measures { get; }

    /// <summary>An indicator of the form over one row's own measures: what <c>indicator('code')</c> in a check reads.</summary>
    public Func<Func<string, object?>, object?> RowIndicator(string code) => _rowIndicator(code);

    /// <summary>The measures of <paramref name="rows"/>, summed.</summary>
    public MeasureTotals Measure(IEnumerable<Func<string, object?>> rows)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var breakdowns = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var measure in Measures)
        {
            if (measure.By is null)
            {
                values[measure.Definition.Code] = 0;
            }
            else
            {
                breakdowns[measure.Definition.Code] = new SortedDictionary<string, double>(StringComparer.Ordinal);
            }
        }

        foreach (var row in rows)
        {
            foreach (var measure in Measures)
            {
                var contribution = measure.Contribution(row);
                if (measure.By is { } by)
                {
                    if (contribution != 0 && by(row) is string value)
                    {
                        var counts = breakdowns[measure.Definition.Code];
                        counts[value] = counts.GetValueOrDefault(value) + contribution;
                    }
                }
                else
                {
                    values[measure.Definition.Code] += contribution;
                }
            }
        }

        return new MeasureTotals(values, breakdowns.ToDictionary(b => b.Key, b => (IReadOnlyDictionary<string, double>)b.Value, StringComparer.Ordinal));
    }
}

/// <summary>
/// A row check, ready to run: false is a finding; true or unknown (a blank it depends on) is none. <see cref="Columns"/>
/// are the names its expression reads, in order, so a finding can point at the first the sheet has.
/// </summary>
public sealed record CompiledCheck(RowCheck Definition, Func<Func<string, object?>, object?> Holds, IReadOnlyList<string> Columns);

/// <summary>A measure, ready to run: a row's contribution to its sum, and for a breakdown the value it counts under.</summary>
public sealed record CompiledMeasure(Measure Definition, Func<Func<string, object?>, double> Contribution, Func<Func<string, object?>, object?>? By);

/// <summary>An indicator, ready to run over a scope's measures: empty when the denominator is 0.</summary>
public sealed record CompiledIndicator(Indicator Definition, Func<Func<string, object?>, object?> Numerator, Func<Func<string, object?>, object?> Denominator)
{
    public double? Value(MeasureTotals totals)
    {
        object? Measure(string code) => totals[code];
        return Numerator(Measure) is double n && Denominator(Measure) is double d ? Rate.Of(n, d) : null;
    }
}
