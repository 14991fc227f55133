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
}

/// <summary>Per indicator code (<see cref="TrendDocument.Legend"/>), one value per period of the trend.</summary>
public sealed record TrendSeries(string Code, string Name, IReadOnlyDictionary<string, IReadOnlyList<double?>> Indicators);

/// <summary>A street's series and its rank in each period of the trend.</summary>
public sealed record StreetTrend(string Code, string Name, IReadOnlyList<int?> Ranks, IReadOnlyDictionary<string, IReadOnlyList<double?>> Indicators);

/// <summary>A series of the trend: the indicator's (or the score's) code, title and format, and the form it belongs to (none for the score).</summary>
public sealed record TrendIndicator(
    string Code, Bilingual Title, [property: JsonConverter(typeof(KebabCaseEnumConverter<IndicatorFormat>))] IndicatorFormat Format, string? Form);
