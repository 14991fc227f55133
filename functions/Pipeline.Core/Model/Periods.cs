using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Model;

/// <summary>Reporting months, written YYYY-MM.</summary>
public static partial class Periods
{
    /// <summary>Whether <paramref name="text"/> is a month written YYYY-MM (01 to 12), and nothing else.</summary>
    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    public static string Previous(string period) =>
        DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month of a local (Beijing) date and time.</summary>
    public static string Of(DateTime local) => local.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Add(string period, int months) =>
        DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(months).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="period"/> is after <paramref name="latest"/>; never when there is no latest.</summary>
    public static bool IsAfter(string period, string? latest) => latest is not null && string.CompareOrdinal(period, latest) > 0;

    /// <summary>The month a moment falls in, in Beijing (UTC+8, no daylight saving).</summary>
    public static string Of(DateTimeOffset moment) =>
        moment.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex Pattern();
}
