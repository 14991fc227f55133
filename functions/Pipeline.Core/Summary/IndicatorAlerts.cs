using Pipeline.Core.Forms;

namespace Pipeline.Core.Summary;

/// <summary>Which indicators are on the wrong side of their catalog target: the one rule every summary and page marks by.</summary>
public static class IndicatorAlerts
{
    /// <summary>
    /// The alerts of a scope's values (its indicators and, under its code, the score), in the catalog's order of
    /// indicators, then the score's (higher is better).
    /// </summary>
    public static IReadOnlyList<Alert> Of(CompiledCatalog catalog, IReadOnlyDictionary<string, double?> values)
    {
        var alerts = catalog.Indicators.Select(i => i.Definition)
            .Where(d => values.GetValueOrDefault(d.Code) is { } value && Misses(d, value))
            .Select(d => new Alert(d.Code, values[d.Code]!.Value, d.Target!.Value)).ToList();
        if (catalog.Catalog.Score is { Target: { } target } score && values.GetValueOrDefault(score.Code) is { } scored && scored < target)
        {
            alerts.Add(new Alert(score.Code, scored, target));
        }

        return alerts;
    }

    /// <summary>Whether <paramref name="value"/> misses the indicator's target (false when it has none).</summary>
    public static bool Misses(Indicator indicator, double value) => indicator.Target is { } target && indicator.Direction switch
    {
        Direction.HigherIsBetter => value < target,
        Direction.LowerIsBetter => value > target,
        var other => throw new ArgumentOutOfRangeException(nameof(indicator), other, null),
    };
}
