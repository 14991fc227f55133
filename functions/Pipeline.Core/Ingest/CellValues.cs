using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.Sheets;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>Reads typed values out of cells the way clerks write them. Each parser is total: it never throws.</summary>
public static partial class CellValues
{
    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["是"] = true, ["否"] = false, ["有"] = true, ["无"] = false, ["没有"] = false,
        ["√"] = true, ["×"] = false, ["✓"] = true, ["✔"] = true, ["✗"] = false, ["✘"] = false, ["x"] = false,
        ["y"] = true, ["n"] = false, ["yes"] = true, ["no"] = false, ["true"] = true, ["false"] = false,
        ["1"] = true, ["0"] = false, ["已覆盖"] = true, ["未覆盖"] = false,
    };

    /// <summary>The yes/no spellings a submission template offers; each reads back as true and false.</summary>
    public static IReadOnlyList<string> BooleanChoices { get; } = ["是", "否"];

    public static bool TryBoolean(Cell cell, out bool value) =>
        Booleans.TryGetValue(TextValues.NameKey(cell.Text), out value);

    /// <summary>
    /// A count: a whole number ≥ 0, with full-width digits allowed and thousands separators only where they belong
    /// (1,234 and 1,234,567; the full-width comma too). "1,2,3" and "1 0" are not numbers.
    /// </summary>
    public static CountParse TryCount(Cell cell, out long value)
    {
        value = 0;
        var text = TextValues.Normalize(cell.Text);
        if (!NumberPattern().IsMatch(text))
        {
            return CountParse.NotANumber;
        }

        if (!decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number))
        {
            return CountParse.NotANumber;
        }

        if (number < 0)
        {
            return CountParse.Negative;
        }

        if (number != decimal.Truncate(number) || number > long.MaxValue)
        {
            return CountParse.NotWhole;
        }

        value = (long)number;
        return CountParse.Ok;
    }

    /// <summary>A decimal number, spelled as a count may be (full-width digits, thousands separators where they belong), with a sign.</summary>
    public static bool TryDecimal(Cell cell, out double value)
    {
        value = 0;
        var text = TextValues.Normalize(cell.Text);
        if (!NumberPattern().IsMatch(text)
            || !decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = (double)number;
        return true;
    }

    /// <summary>
    /// Where bare numbers stop being fractions and start being percentages. Between 1 and 2 a bare number is a fraction
    /// above 100 % (what an Excel cell formatted as a percentage holds when it shows 100.5 %), not a percentage: a bare 1
    /// already reads as 100 %, and no rate this pipeline checks is written as a percentage below 2 % without its sign.
    /// </summary>
    private const double SmallestBarePercentage = 2;

    /// <summary>
    /// A rate as written, read one way: "95.02%", a fraction "0.9502" or a percentage "95.02" (a bare number from
    /// <see cref="SmallestBarePercentage"/> on). Over 100 % in any spelling (1.005, 100.5%, 100.5) is not a rate.
    /// </summary>
    public static bool TryRate(Cell cell, out double value)
    {
        var text = TextValues.Normalize(cell.Text).Replace(" ", "", StringComparison.Ordinal);
        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value) || value < 0)
        {
            return false;
        }

        if (percent || value >= SmallestBarePercentage)
        {
            value /= 100;
        }

        return value <= 1;
    }

    /// <summary>
    /// A reporting month, "YYYY-MM": from 2020-12, 2020年12月, 2020/12, 2020.12, 202012 or an Excel date, read as the cell
    /// shows it. A number with a fraction under no format that fixes its decimals is ambiguous: 2020.1 may be January,
    /// or a clerk's 2020.10 whose last 0 the number lost.
    /// </summary>
    public static PeriodParse TryPeriod(Cell cell, out string period)
    {
        period = "";
        var text = TextValues.Normalize(cell.Display).Replace(" ", "", StringComparison.Ordinal);
        var match = PeriodPattern().Match(text);
        if (!match.Success)
        {
            return PeriodParse.NotAPeriod;
        }

        if (cell is { Kind: CellKind.Number, Shown: null } && text.Contains('.', StringComparison.Ordinal))
        {
            return PeriodParse.Ambiguous;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return PeriodParse.NotAPeriod;
        }

        period = $"{year:D4}-{month:D2}";
        return PeriodParse.Ok;
    }

    /// <summary>A local (Beijing) date and time: ISO from the reader, or 2020-12-01 08:30[:00], 2020/12/1 8:30, 2020年12月1日 8时30分.</summary>
    public static bool TryLocalDateTime(Cell cell, out DateTime value)
    {
        value = default;
        var text = TextValues.Normalize(cell.Text);
        var match = DateTimePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            value = new DateTime(Part("y"), Part("mo"), Part("d"), Part("h"), Part("mi"), Part("s"), DateTimeKind.Unspecified);
            return value.Year is >= 2000 and <= 2100;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Digits, grouped by threes with commas or not at all; an optional sign, fraction and exponent.</summary>
    [GeneratedRegex(@"^[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:[-/.年](?<m>[0-9]{1,2})月?(?:[-/.][0-9]{1,2}日?(?:T.*)?|[0-9]{1,2}日)?|(?<m>[0-9]{2}))$")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})[-/.年](?<mo>[0-9]{1,2})[-/.月](?<d>[0-9]{1,2})日?(?:[ T]*(?<h>[0-9]{1,2})[:时](?<mi>[0-9]{1,2})分?(?:[:](?<s>[0-9]{1,2})(?:\.[0-9]+)?|(?<s>[0-9]{1,2})秒)?)?$")]
    private static partial Regex DateTimePattern();
}

public enum PeriodParse
{
    Ok,
    NotAPeriod,

    /// <summary>A number that reads as two months: 2020.1 (January, or 2020.10 with its last 0 lost).</summary>
    Ambiguous,
}

public enum CountParse
{
    Ok,
    NotANumber,
    Negative,
    NotWhole,
}
