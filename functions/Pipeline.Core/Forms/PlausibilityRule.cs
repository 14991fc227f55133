namespace Pipeline.Core.Forms;

/// <summary>
/// 核实性审核 against the previous period: a measure of a street or community that moved beyond a threshold gives a
/// warning, never a rejection. <see cref="Change"/>: a relative change (0.2: 20 %), a factor (3: more than 3× or under
/// a third), or a difference in points (for an indicator, 0.1: 10 percentage points).
/// </summary>
public sealed record PlausibilityRule(string Code, string Subject, PlausibilityScope Scope, PlausibilityChange Change, double Threshold, Bilingual Message);

public enum PlausibilityScope
{
    Street,
    Community,
}

public enum PlausibilityChange
{
    Share,
    Factor,
    Points,

    /// <summary>The community had some last period and has none now.</summary>
    Disappeared,
}
