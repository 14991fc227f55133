using System.Globalization;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Excel date serials (days since the workbook's epoch, time as the fraction) as ISO 8601 text, and the same numbers
/// as a time of day or a duration when that is what their format shows.
/// </summary>
internal static class ExcelDate
{
    private const long SecondsPerDay = 86_400;

    private static readonly DateTime Epoch1904 = new(1904, 1, 1);

    // From 1900-03-01 on, serials count from 1899-12-30 because Excel keeps Lotus 1-2-3's phantom 1900-02-29 (serial 60).
    private static readonly DateTime Epoch1900 = new(1899, 12, 30);

    private static readonly DateTime Epoch1900BeforeLeapBug = new(1899, 12, 31);

    /// <summary>"2020-12-01" for a whole day, "2020-12-01T08:30:00" with a time; null when no real date has that serial.</summary>
    public static string? ToIso(double serial, bool date1904)
    {
        if (!double.IsFinite(serial) || serial < 0 || serial >= (DateTime.MaxValue - Epoch1900).TotalDays)
        {
            return null;
        }

        // Round to the second, as Excel displays it: 0.999999 of a day is the next midnight, not 23:59:59.999.
        var totalSeconds = (long)Math.Round(serial * SecondsPerDay, MidpointRounding.AwayFromZero);
        var days = totalSeconds / SecondsPerDay;
        var epoch = date1904 ? Epoch1904 : days < 60 ? Epoch1900BeforeLeapBug : Epoch1900;
        if ((!date1904 && days == 60) || days >= (DateTime.MaxValue - epoch).TotalDays)
        {
            return null;
        }

        return Format(epoch.AddDays(days).AddSeconds(totalSeconds % SecondsPerDay));
    }

    /// <summary>A time of day as its format shows it, "08:30:00": the fraction of the serial, rounded to the second.</summary>
    public static string? TimeOfDay(double serial)
    {
        if (!double.IsFinite(serial) || serial < 0)
        {
            return null;
        }

        var seconds = (long)Math.Round((serial - Math.Floor(serial)) * SecondsPerDay, MidpointRounding.AwayFromZero) % SecondsPerDay;
        return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration as [h]:mm:ss shows it, hours unbounded: "35:10:10".</summary>
    public static string? Duration(double serial)
    {
        if (!double.IsFinite(serial) || Math.Abs(serial) > 1e9)
        {
            return null;
        }

        var seconds = (long)Math.Round(Math.Abs(serial) * SecondsPerDay, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{(serial < 0 ? "-" : "")}{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");
    }

    /// <summary>
    /// The ISO text of a t="d" cell, normalised the same way; a time without a date ("T15:10:10", "15:10:10") stays a
    /// time, never today's date. Null when it is neither.
    /// </summary>
    public static (string Text, bool TimeOnly)? FromIso(string text)
    {
        var time = text.StartsWith('T') ? text[1..] : text;
        if (!time.Contains('-') && TimeSpan.TryParseExact(time, [@"hh\:mm\:ss\.FFFFFFF", @"hh\:mm\:ss", @"hh\:mm", @"h\:mm\:ss", @"h\:mm"], CultureInfo.InvariantCulture, out var clock))
        {
            return (TimeSpan.FromSeconds(Math.Round(clock.TotalSeconds)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), true);
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ? (Format(value), false) : null;
    }

    /// <summary>A date as cells hold it: "2020-12-01", or "2020-12-01T08:30:00" with a time.</summary>
    public static string Format(DateTime value) =>
        value.ToString(value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
