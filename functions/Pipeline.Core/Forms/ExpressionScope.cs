namespace Pipeline.Core.Forms;

/// <summary>Where an expression is written, which decides what it may name and which functions it may call.</summary>
public enum ExpressionScope
{
    /// <summary>A row check or a measure's argument: the row's columns.</summary>
    Row,

    /// <summary>A measure: <c>count()</c>, <c>count(condition)</c>, <c>sum(number)</c>, <c>sum(number, condition)</c> over rows.</summary>
    Measure,

    /// <summary>An indicator's numerator or denominator: the form's measures, numbers, + − ×.</summary>
    Indicator,
}
