namespace Pipeline.Core.Forms;

/// <summary>
/// The composite score that ranks streets: <see cref="Scale"/> × Σ weight × indicator, empty when any of its
/// indicators is; streets without a score are not ranked. A score under <see cref="Target"/> is an alert.
/// </summary>
public sealed record Score(string Code, Bilingual Title, double Scale, IReadOnlyDictionary<string, double> Weights)
{
    public double? Target { get; init; }
}
