namespace Pipeline.Core.Model;

public static class Rate
{
    /// <summary>numerator / denominator as a fraction; null when the denominator is 0 (never 0 or NaN).</summary>
    public static double? Of(double numerator, long denominator) => denominator == 0 ? null : numerator / denominator;

    /// <inheritdoc cref="Of(double, long)"/>
    public static double? Of(double numerator, double denominator) => denominator == 0 ? null : numerator / denominator;
}
