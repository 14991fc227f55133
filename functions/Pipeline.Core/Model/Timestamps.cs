using System.Globalization;

namespace Pipeline.Core.Model;

/// <summary>How documents write an instant: UTC to the second, ISO 8601 with a Z.</summary>
public static class Timestamps
{
    /// <summary>Beijing time to the minute, as pages and the CLI show it to district staff.</summary>
    public static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
