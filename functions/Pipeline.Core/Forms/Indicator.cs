namespace Pipeline.Core.Forms;

/// <summary>
/// A rate as a ratio of sums (DHIS2's numerator/denominator): both are expressions over measure codes, the ratio is
/// empty when the denominator is 0. <see cref="Target"/> marks a value on the wrong side of it.
/// </summary>
public sealed record Indicator(string Code, Bilingual Title, string Form, string Numerator, string Denominator)
{
    public IndicatorFormat Format { get; init; } = IndicatorFormat.Percent;

    public Direction Direction { get; init; } = Direction.HigherIsBetter;

    public double? Target { get; init; }

    /// <summary>Also shown as the mean of the communities' own ratios (communities whose denominator is 0 left out).</summary>
    public bool CommunityAverage { get; init; }
}

public enum IndicatorFormat
{
    /// <summary>A share, shown as 95.00%.</summary>
    Percent,

    /// <summary>A plain number, shown with two decimals.</summary>
    Decimal,
}

public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}
