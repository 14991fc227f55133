using System.Globalization;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// How a plain number format shows a number: fixed decimals ("0.00"), at least so many digits ("000000", for codes
/// with leading zeros), thousands separators, a percent sign. Formats of any other kind (General, scientific,
/// fractions, text) give none: the cell then shows its number as it is written.
/// </summary>
internal sealed record NumberDisplay(int MinimumDigits, int Decimals, bool Grouped, bool Percent)
{
    /// <summary>The built-in formats that are plain numbers (ECMA-376 Part 1, 18.8.30).</summary>
    public static NumberDisplay? BuiltIn(int formatId) => formatId switch
    {
        1 => new(1, 0, false, false),
        2 => new(1, 2, false, false),
        3 or 37 or 38 => new(1, 0, true, false),
        4 or 39 or 40 => new(1, 2, true, false),
        9 => new(1, 0, false, true),
        10 => new(1, 2, false, true),
        // General, scientific, fractions, text and every date and time format.
        _ => null,
    };

    /// <summary>The display of a custom code's first section, or null when it is no plain number format.</summary>
    public static NumberDisplay? Parse(string code)
    {
        int digits = 0, decimals = 0;
        bool point = false, grouped = false, percent = false, placeholders = false;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case ';':
                    // Only the section for positive numbers: periods and codes are never negative.
                    i = code.Length;
                    break;
                case '"':
                    i = code.IndexOf('"', i + 1) is var close and >= 0 ? close : code.Length;
                    break;
                case '[':
                    i = code.IndexOf(']', i + 1) is var end and >= 0 ? end : code.Length;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '0':
                    placeholders = true;
                    if (point)
                    {
                        decimals++;
                    }
                    else
                    {
                        digits++;
                    }

                    break;
                case '#':
                    placeholders = true;
                    decimals += point ? 1 : 0;
                    break;
                case '.':
                    point = true;
                    break;
                case ',':
                    grouped |= placeholders && !point;
                    break;
                case '%':
                    percent = true;
                    break;
                case 'E' or 'e' or '/' or '?' or '@' or 'G' or 'g' or 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                    // Scientific, fractions, text, General, dates and times: not a plain number.
                    return null;
            }
        }

        return placeholders ? new NumberDisplay(digits, decimals, grouped, percent) : null;
    }

    /// <summary>The number as this display shows it, rounded as Excel rounds; null when it cannot be shown exactly.</summary>
    public string? Show(double number)
    {
        decimal value;
        try
        {
            value = (decimal)number * (Percent ? 100 : 1);
        }
        catch (OverflowException)
        {
            return null;
        }

        var pattern = (Grouped ? "#," : "") + (MinimumDigits == 0 ? "#" : new string('0', Math.Min(MinimumDigits, 30)))
            + (Decimals > 0 ? "." + new string('0', Math.Min(Decimals, 28)) : "");
        var rounded = Math.Round(value, Math.Min(Decimals, 28), MidpointRounding.AwayFromZero);
        return rounded.ToString(pattern, CultureInfo.InvariantCulture) + (Percent ? "%" : "");
    }
}
