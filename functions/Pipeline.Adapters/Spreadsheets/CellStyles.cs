using System.Globalization;
using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>What a number format makes of a number: a date (with or without a time), a time of day, or a duration.</summary>
internal enum Temporal
{
    None,
    Date,
    TimeOfDay,
    Duration,
}

/// <summary>
/// Which cell styles (xl/styles.xml cellXfs) show numbers as dates, times of day or durations: in xlsx these are only
/// numbers with such a format, so this is the one thing the reader needs from the styles.
/// </summary>
internal sealed class CellStyles
{
    private readonly CellFormat[] styles;

    private CellStyles(CellFormat[] styles) => this.styles = styles;

    public static CellStyles None { get; } = new([]);

    public CellFormat Of(string? styleIndex) =>
        int.TryParse(styleIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < styles.Length
            ? styles[index]
            : CellFormat.General;

    /// <summary>The cell formats, each number format classified once however many formats use it, all counted against the limits.</summary>
    public static CellStyles Read(XmlReader reader, ReadBudget budget)
    {
        var codes = new Dictionary<int, string>();
        var formatIds = new List<int>();
        string? section = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == 1)
            {
                section = reader.LocalName;
            }
            else if (reader.Depth == 2 && section == "numFmts" && reader.LocalName == "numFmt"
                && TryParseId(reader.GetAttribute("numFmtId"), out var id))
            {
                codes[id] = reader.GetAttribute("formatCode") ?? "";
                budget.Count(codes.Count, budget.Limits.MaxNumberFormats, SpreadsheetLimit.NumberFormats);
            }
            else if (reader.Depth == 2 && section == "cellXfs" && reader.LocalName == "xf")
            {
                formatIds.Add(TryParseId(reader.GetAttribute("numFmtId"), out var formatId) ? formatId : 0);
                budget.Count(formatIds.Count, budget.Limits.MaxCellStyles, SpreadsheetLimit.CellStyles);
            }
        }

        var formats = new Dictionary<int, CellFormat>();
        return new CellStyles([.. formatIds.Select(id =>
        {
            if (!formats.TryGetValue(id, out var format))
            {
                // A format code is as long as its part allows: it is read once, not once for each style that uses it.
                budget.Tick();
                formats[id] = format = CellFormat.Of(id, codes.GetValueOrDefault(id));
            }

            return format;
        })]);
    }

    /// <summary>A custom format code decides when there is one; otherwise the built-in ids, including the CJK ones.</summary>
    public static Temporal Classify(int formatId, string? code) => code is not null ? ClassifyCode(code) : formatId switch
    {
        (>= 14 and <= 17) or 22 or (>= 27 and <= 31) or 36 or (>= 50 and <= 58) => Temporal.Date,
        (>= 18 and <= 21) or (>= 32 and <= 35) or 45 or 47 => Temporal.TimeOfDay,
        46 => Temporal.Duration,
        _ => Temporal.None,
    };

    /// <summary>
    /// A code with y or d (or an m that is no minute: no h or s beside it) is a date; [h], [m] or [s] make a duration;
    /// other h, m or s a time of day. Quoted text, [colours and locales], and escaped (\x), padding (_x) or fill (*x)
    /// characters do not count.
    /// </summary>
    private static Temporal ClassifyCode(string code)
    {
        bool date = false, time = false, month = false, elapsed = false;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"':
                    i = SkipTo(code, i, '"');
                    break;
                case '[':
                    var end = SkipTo(code, i, ']');
                    elapsed |= end > i + 1 && code[(i + 1)..Math.Min(end, code.Length)].ToLowerInvariant() is var inside
                        && inside.Length > 0 && inside.All(c => c is 'h' or 'm' or 's');
                    i = end;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case 'y' or 'Y' or 'd' or 'D':
                    date = true;
                    break;
                case 'm' or 'M':
                    month = true;
                    break;
                case 'h' or 'H' or 's' or 'S':
                    time = true;
                    break;
            }
        }

        return date || (month && !time && !elapsed) ? Temporal.Date
            : elapsed ? Temporal.Duration
            : time ? Temporal.TimeOfDay
            : Temporal.None;
    }

    private static int SkipTo(string code, int start, char end)
    {
        var found = code.IndexOf(end, start + 1);
        return found < 0 ? code.Length : found;
    }

    private static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
