using System.Globalization;
using System.Xml;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Which cell styles (xl/styles.xml cellXfs) show numbers as dates: a date is only a number with a date format in
/// xlsx, so this is the one thing the reader needs from the styles.
/// </summary>
internal sealed class CellStyles
{
    private readonly bool[] dateStyles;

    private CellStyles(bool[] dateStyles) => this.dateStyles = dateStyles;

    public static CellStyles None { get; } = new([]);

    public bool IsDate(string? styleIndex) =>
        int.TryParse(styleIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index < dateStyles.Length
        && dateStyles[index];

    public static CellStyles Read(XmlReader reader)
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
            }
            else if (reader.Depth == 2 && section == "cellXfs" && reader.LocalName == "xf")
            {
                formatIds.Add(TryParseId(reader.GetAttribute("numFmtId"), out var formatId) ? formatId : 0);
            }
        }

        return new CellStyles([.. formatIds.Select(id => IsDateFormat(id, codes.GetValueOrDefault(id)))]);
    }

    /// <summary>A custom format code decides when there is one; otherwise the built-in ids, including the CJK ones.</summary>
    public static bool IsDateFormat(int formatId, string? code) =>
        code is null
            ? formatId is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58)
            : IsDateFormatCode(code);

    /// <summary>
    /// A format code is a date or time when it uses y, m, d, h or s outside quoted text, [brackets] (colours, locales),
    /// and escaped (\x), padding (_x) or fill (*x) characters.
    /// </summary>
    public static bool IsDateFormatCode(string code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"':
                    i = SkipTo(code, i, '"');
                    break;
                case '[':
                    i = SkipTo(code, i, ']');
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }

        return false;
    }

    private static int SkipTo(string code, int start, char end)
    {
        var found = code.IndexOf(end, start + 1);
        return found < 0 ? code.Length : found;
    }

    private static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
