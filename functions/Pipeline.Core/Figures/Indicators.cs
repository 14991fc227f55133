namespace Pipeline.Core.Figures;

/// <summary>The v2 summary's names of the built-in rates and the score; the built-in catalog gives its indicators the same codes.</summary>
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
