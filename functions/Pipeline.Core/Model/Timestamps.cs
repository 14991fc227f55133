using System.Globalization;

namespace Pipeline.Core.Model;

/// <summary>How documents write an instant: UTC to the second, ISO 8601 with a Z.</summary>
public static class Timestamps
{
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
