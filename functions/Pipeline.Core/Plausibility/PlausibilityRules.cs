namespace Pipeline.Core.Plausibility;

/// <summary>
/// Thresholds of the 核实性审核 against the same street's previous period: beyond them a row gets a warning the clerk
/// may confirm with an explanation; a warning never rejects a file.
/// </summary>
public sealed record PlausibilityRules
{
    /// <summary>A street's compounds may change by this share (0.20: 20 %).</summary>
    public double CompoundChange { get; init; } = 0.20;

    /// <summary>A community's received appeals may be at most this many times last month's, or at least its inverse.</summary>
    public double AppealsFactor { get; init; } = 3;

    /// <summary>A community's response, resolution or satisfaction rate may move this much (0.10: 10 percentage points).</summary>
    public double RatePoints { get; init; } = 0.10;

    public static PlausibilityRules Default { get; } = new();
}
