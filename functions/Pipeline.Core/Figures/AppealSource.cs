namespace Pipeline.Core.Figures;

/// <summary>Where a street's appeal figures come from. Tickets take precedence over counts for the same period.</summary>
public enum AppealSource
{
    Counts,
    Tickets,

    /// <summary>The district when some streets report counts and others tickets.</summary>
    Mixed,
}
