namespace Pipeline.Core.Forms;

/// <summary>The only functions a form's expressions may call, by scope. Anything else is refused when the catalog loads.</summary>
public static class ExpressionFunctions
{
    /// <summary>In a row check or a measure's argument.</summary>
    public static IReadOnlyList<string> Row { get; } = ["if", "isblank", "abs", "min", "max", "round", "ratio", "near", "len", "indicator"];

    /// <summary>A measure is one of these over rows.</summary>
    public static IReadOnlyList<string> Measure { get; } = ["count", "sum"];

    /// <summary>An indicator's numerator and denominator may only add, subtract and multiply measures and numbers.</summary>
    public static IReadOnlyList<string> Indicator { get; } = [];

    public static IReadOnlyList<string> In(ExpressionScope scope) => scope switch
    {
        ExpressionScope.Row => Row,
        ExpressionScope.Measure => Measure,
        ExpressionScope.Indicator => Indicator,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };
}
