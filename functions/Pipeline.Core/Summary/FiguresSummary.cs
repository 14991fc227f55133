using Pipeline.Core.Closing;

namespace Pipeline.Core.Summary;

/// <summary>
/// <c>governance-summary/v3</c>: the period's figures per scope (district, street, group, community) as maps keyed by
/// the catalog's codes, so a new form, measure or indicator adds keys, never a schema version. Each figure names the
/// form it belongs to, and the document names the catalog version that produced it.
/// </summary>
public sealed record FiguresSummary(
    string Schema, string Kind, string Period, long Revision, Publication Publication, string GeneratedAt, CatalogStamp Catalog,
    ScopeFigures District, IReadOnlyList<ScopeFigures> Streets, IReadOnlyList<ScopeFigures> Groups)
{
    public const string SchemaName = "governance-summary/v3";

    /// <summary>The registry version whose divisions of the period the figures are given by.</summary>
    public DivisionsStamp? Divisions { get; init; }
}

/// <summary>The registry version a summary was given with: the streets and groups in force for the period in it.</summary>
public sealed record DivisionsStamp(string Version);

/// <summary>The catalog version a summary was computed with.</summary>
public sealed record CatalogStamp(string Version, string EffectiveFrom);

/// <summary>
/// One scope's figures: per form (the form whose measures its rows make), the measures and breakdowns; each indicator
/// with its form, value, target and community average; the score and rank (streets); the alerts; and for a street its
/// communities, for a group how many of its members reported.
/// </summary>
public sealed record ScopeFigures(
    string Code, string Name, IReadOnlyDictionary<string, FormMeasures> Forms, IReadOnlyDictionary<string, IndicatorFigure> Indicators,
    double? Score, int? Rank, IReadOnlyList<Alert> Alerts)
{
    public IReadOnlyList<ScopeFigures>? Communities { get; init; }

    public int? Members { get; init; }

    public int? Reporting { get; init; }
}

/// <summary>A form's measures in one scope: sums by code, and breakdowns as counts per value.</summary>
public sealed record FormMeasures(IReadOnlyDictionary<string, double> Measures, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Breakdowns);

/// <summary>An indicator's value in one scope (null when its denominator is 0), its target, and the mean of its communities' values.</summary>
public sealed record IndicatorFigure(string Form, double? Value, double? Target, double? CommunityAverage);
