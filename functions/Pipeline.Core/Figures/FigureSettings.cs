namespace Pipeline.Core.Figures;

/// <summary>How figures are weighed and judged. Every value is configuration (section <c>Figures</c>).</summary>
public sealed record FigureSettings
{
    /// <summary>Weight of 基本满意 in the satisfaction rate.</summary>
    public double BasicSatisfiedWeight { get; init; } = 0.9;

    public double ResponseWeight { get; init; } = 0.1;

    public double ResolutionWeight { get; init; } = 0.5;

    public double SatisfactionWeight { get; init; } = 0.4;

    /// <summary>Targets per indicator; a rate below its target is an alert. Defaults: Beijing's 2022 property targets.</summary>
    public IReadOnlyDictionary<string, double> Targets { get; init; } = new Dictionary<string, double>
    {
        [Indicators.PropertyServiceRate] = 0.90,
        [Indicators.OwnerOrganizationRate] = 0.90,
        [Indicators.PartyOrganizationRate] = 0.90,
    };

    public static FigureSettings Default { get; } = new();
}

/// <summary>The names of the rates, as they appear in the summary document, targets and alerts.</summary>
public static class Indicators
{
    public const string PropertyServiceRate = "propertyServiceRate";
    public const string OwnerOrganizationRate = "ownerOrganizationRate";
    public const string PartyOrganizationRate = "partyOrganizationRate";
    public const string ResponseRate = "responseRate";
    public const string ResolutionRate = "resolutionRate";
    public const string SatisfactionRate = "satisfactionRate";
    public const string Score = "score";

    public static IReadOnlyList<string> All { get; } =
        [PropertyServiceRate, OwnerOrganizationRate, PartyOrganizationRate, ResponseRate, ResolutionRate, SatisfactionRate, Score];
}
