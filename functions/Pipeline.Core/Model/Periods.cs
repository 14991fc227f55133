using System.Globalization;

namespace Pipeline.Core.Model;

/// <summary>Reporting months, written YYYY-MM.</summary>
public static class Periods
{
    public static string Previous(string period) =>
        DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month a moment falls in, in Beijing (UTC+8, no daylight saving).</summary>
    public static string Of(DateTimeOffset moment) =>
        moment.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
