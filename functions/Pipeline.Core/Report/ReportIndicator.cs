using System.Globalization;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Core.Report;

/// <summary>How the report names, reads and formats one of the summary's indicators.</summary>
internal sealed record ReportIndicator(
    string Key,
    string Chinese,
    string English,
    Func<PropertySummary?, AppealSummary?, double?> Value,
    Func<CommunityAverage?, double?>? Average = null)
{
    public bool IsScore => Key == Indicators.Score;

    public string Label => $"{Chinese} {English}";

    /// <summary>The CSV column: the Chinese name and the key in snake case (<c>响应率 response_rate</c>).</summary>
    public string CsvName => $"{Chinese} {SnakeKey}";

    /// <summary>The CSV column of the community average of a rate (<c>社区平均响应率 community_avg_response_rate</c>).</summary>
    public string CommunityAverageCsvName => $"社区平均{Chinese} community_avg_{SnakeKey}";

    private string SnakeKey => string.Concat(Key.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    public static readonly ReportIndicator PropertyService = new(Indicators.PropertyServiceRate, "物业服务覆盖率", "Property service",
        (p, _) => p?.PropertyServiceRate);

    public static readonly ReportIndicator OwnerOrganization = new(Indicators.OwnerOrganizationRate, "业主组织组建率", "Owner organisation",
        (p, _) => p?.OwnerOrganizationRate);

    public static readonly ReportIndicator PartyOrganization = new(Indicators.PartyOrganizationRate, "党的组织覆盖率", "Party organisation",
        (p, _) => p?.PartyOrganizationRate);

    public static readonly ReportIndicator Response = new(Indicators.ResponseRate, "响应率", "Response",
        (_, a) => a?.ResponseRate, c => c?.ResponseRate);

    public static readonly ReportIndicator Resolution = new(Indicators.ResolutionRate, "解决率", "Resolution",
        (_, a) => a?.ResolutionRate, c => c?.ResolutionRate);

    public static readonly ReportIndicator Satisfaction = new(Indicators.SatisfactionRate, "满意率", "Satisfaction",
        (_, a) => a?.SatisfactionRate, c => c?.SatisfactionRate);

    public static readonly ReportIndicator Score = new(Indicators.Score, "综合得分", "Score", (_, a) => a?.Score);

    public static IReadOnlyList<ReportIndicator> Property { get; } = [PropertyService, OwnerOrganization, PartyOrganization];

    public static IReadOnlyList<ReportIndicator> Appeals { get; } = [Response, Resolution, Satisfaction];

    /// <summary>In the order of <see cref="Indicators.All"/>.</summary>
    public static IReadOnlyList<ReportIndicator> All { get; } = [.. Property, .. Appeals, Score];

    /// <summary>A rate as a percentage with 2 decimals, the score with 2 decimals, "—" when there is none.</summary>
    public string Format(double? value) => IsScore ? ReportFormat.Number(value) : ReportFormat.Percent(value);

    /// <summary>The change from <paramref name="before"/>: percentage points for rates, points for the score.</summary>
    public string FormatDelta(double? now, double? before) =>
        now is { } n && before is { } b ? ReportFormat.Signed(IsScore ? n - b : (n - b) * 100) + (IsScore ? "" : " pp") : ReportFormat.None;
}

/// <summary>Invariant number formats of the page.</summary>
internal static class ReportFormat
{
    public const string None = "—";

    public static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString("F2", CultureInfo.InvariantCulture) + "%" : None;

    public static string Number(double? value) =>
        value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : None;

    /// <summary>A catalog indicator's value as its format says: a percentage or a plain number, 2 decimals.</summary>
    public static string Of(Forms.IndicatorFormat format, double? value) => format switch
    {
        Forms.IndicatorFormat.Percent => Percent(value),
        Forms.IndicatorFormat.Decimal => Number(value),
        var other => throw new ArgumentOutOfRangeException(nameof(format), other, null),
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long? value) => value is { } v ? Count(v) : None;

    public static string Integer(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : None;

    /// <summary>With a sign and 2 decimals; a change that rounds to zero is "0.00", never "-0.00".</summary>
    public static string Signed(double value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("F2", CultureInfo.InvariantCulture);
        return rounded > 0 ? "+" + text : rounded < 0 ? "\u2212" + text : text;
    }

    /// <summary>The unrounded fraction (shortest round-trip form) for the CSV files; empty when there is none.</summary>
    public static string Raw(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static string Raw(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";
}
