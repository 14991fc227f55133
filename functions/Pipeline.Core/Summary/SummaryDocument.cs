using Pipeline.Core.Closing;

namespace Pipeline.Core.Summary;

/// <summary>
/// The <c>governance-summary/v2</c> document: one per period, the Service Bus message body, the report's summary.json
/// and the CLI's summary.json. Field names are a contract (schemas/governance-summary.v2.json: v1 and the
/// publication); rates are unrounded fractions, null when their denominator is 0.
/// </summary>
public sealed record SummaryDocument(
    string Schema,
    string Kind,
    string Period,
    long Revision,
    Publication Publication,
    string GeneratedAt,
    DistrictSummary District,
    IReadOnlyList<StreetSummary> Streets,
    IReadOnlyList<GroupSummary> Groups)
{
    public const string SchemaName = "governance-summary/v2";
    public const string Monthly = "monthly";
    public const string Daily = "daily";
}

public sealed record DistrictSummary(
    string Code, string Name, PropertySummary? Property, AppealSummary? Appeals, IReadOnlyList<Alert> Alerts, PreviousFigures? Previous);

public sealed record StreetSummary(
    string Code, string Name, PropertySummary? Property, AppealSummary? Appeals, int? Rank, IReadOnlyList<Alert> Alerts, PreviousFigures? Previous);

public sealed record PropertySummary(
    long Compounds,
    long WithPropertyService,
    long WithOwnerOrganization,
    long WithPartyOrganization,
    double? PropertyServiceRate,
    double? OwnerOrganizationRate,
    double? PartyOrganizationRate,
    IReadOnlyDictionary<string, long> ByServiceMode,
    IReadOnlyDictionary<string, long> ByCompoundType);

public sealed record AppealSummary(
    long Received,
    long ValidVisits,
    long Contacted,
    long Resolved,
    long Satisfied,
    long BasicSatisfied,
    long Unsatisfied,
    double? ResponseRate,
    double? ResolutionRate,
    double? SatisfactionRate,
    double? Score,
    CommunityAverage CommunityAverage,
    string Source);

/// <summary>
/// A named group of communities (<see cref="Divisions.CommunityGroup"/>): the same figures as a street, pooled over its
/// member communities with data, and their community average; <c>members</c> listed, <c>reporting</c> with data.
/// </summary>
public sealed record GroupSummary(string Code, string Name, int Members, int Reporting, PropertySummary? Property, AppealSummary? Appeals);

/// <summary>The arithmetic mean of community-level rates over communities with valid visits ("平均").</summary>
public sealed record CommunityAverage(double? ResponseRate, double? ResolutionRate, double? SatisfactionRate);

/// <summary>A rate below its target.</summary>
public sealed record Alert(string Indicator, double Value, double Target);

/// <summary>The same figures for the previous period, so deltas can be shown.</summary>
public sealed record PreviousFigures(string Period, PropertySummary? Property, AppealSummary? Appeals, int? Rank);
