using System.Text.Json.Serialization;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Summary;

/// <summary>
/// <c>trend.json</c> beside a period's summary: the twelve periods up to it, and for the district and every street each
/// indicator's value in each of them (null where there is none), and each street's rank. Values are those of each
/// period's own summary, so a series point equals that period's published figure. <see cref="Legend"/> names and
/// formats every series, from the catalog versions of the periods.
/// </summary>
public sealed record TrendDocument(
    string Schema, string Period, IReadOnlyList<string> Periods, TrendSeries District, IReadOnlyList<StreetTrend> Streets)
{
    public const string SchemaName = "governance-trend/v1";

    /// <summary>How many periods a trend spans, the last being its own.</summary>
    public const int Length = 12;

    public IReadOnlyList<TrendIndicator> Legend { get; init; } = [];

    /// <summary>
    /// When the divisions changed within the span: today's streets with the earlier periods of a street that began in
    /// it given by the streets it came from (区划调整后口径). Null when nothing changed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StreetTrend>? Restated { get; init; }
}

/// <summary>Per indicator code (<see cref="TrendDocument.Legend"/>), one value per period of the trend.</summary>
public sealed record TrendSeries(string Code, string Name, IReadOnlyDictionary<string, IReadOnlyList<double?>> Indicators);

/// <summary>
/// A street's series and its rank in each period of the trend; <see cref="Since"/> the period it began within the
/// span, <see cref="Until"/> the last it was in force (a break in the series, not a fall to zero). Restated, the
/// streets whose figures stand for it before it began, and whether one of them split (its whole figures stand for each part).
/// </summary>
public sealed record StreetTrend(string Code, string Name, IReadOnlyList<int?> Ranks, IReadOnlyDictionary<string, IReadOnlyList<double?>> Indicators)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Since { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Until { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Predecessors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Shared { get; init; }
}

/// <summary>A series of the trend: the indicator's (or the score's) code, title and format, and the form it belongs to (none for the score).</summary>
public sealed record TrendIndicator(
    string Code, Bilingual Title, [property: JsonConverter(typeof(KebabCaseEnumConverter<IndicatorFormat>))] IndicatorFormat Format, string? Form);
