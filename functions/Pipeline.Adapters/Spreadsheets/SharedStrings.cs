using System.Globalization;
using System.Text;
using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// The workbook's shared string table (xl/sharedStrings.xml). It has to be held in memory, since any cell may refer to
/// any string; each string is kept to one character over the cell limit, enough for the cell that uses it to be refused.
/// </summary>
internal sealed class SharedStrings
{
    private readonly List<string> items;

    private SharedStrings(List<string> items) => this.items = items;

    public static SharedStrings None { get; } = new([]);

    /// <summary>The string a t="s" cell refers to; an index outside the table is damage.</summary>
    public string this[string? index] =>
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < items.Count
            ? items[i]
            : throw new InvalidDataException("A cell refers to a shared string the workbook does not have.");

    /// <summary>The table, its entries and their characters counted against the limits as they are read.</summary>
    public static SharedStrings Read(XmlReader reader, ReadBudget budget)
    {
        var items = new List<string>();
        long characters = 0;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "si")
            {
                var item = ReadItem(reader, budget.Limits.MaxCellCharacters);
                items.Add(item);
                characters += item.Length;
                budget.Count(items.Count, budget.Limits.MaxSharedStrings, SpreadsheetLimit.SharedStrings);
                budget.Count(characters, budget.Limits.MaxSharedStringCharacters, SpreadsheetLimit.SharedStringCharacters);
                continue;
            }

            reader.Read();
        }

        return new SharedStrings(items);
    }

    /// <summary>
    /// The text of an &lt;si&gt; or inline &lt;is&gt; element: its &lt;t&gt;, or its rich text runs joined, without the
    /// phonetic guide (&lt;rPh&gt;) that East Asian Excel adds. Leaves the reader after the element.
    /// </summary>
    public static string ReadItem(XmlReader reader, int maxCharacters)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        var keep = maxCharacters + 1;
        string? single = null;
        StringBuilder? runs = null;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "t":
                    var text = Unescape(reader.ReadElementContentAsString());
                    if (single is null && runs is null)
                    {
                        single = text;
                    }
                    else
                    {
                        runs ??= new StringBuilder(single);
                        runs.Append(text, 0, Math.Min(text.Length, Math.Max(0, keep - runs.Length)));
                    }

                    break;
                case "r":
                    // Step into the run: its <t> follows its formatting (<rPr>), which is skipped below.
                    reader.Read();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Read();
        var item = runs?.ToString() ?? single ?? "";
        return item.Length > keep ? item[..keep] : item;
    }

    /// <summary>
    /// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot carry (Excel writes a line break as _x000D_;
    /// a literal "_x" is written _x005F_x). An escape may name half of a surrogate pair; one left without its partner
    /// becomes U+FFFD when the cell is made (<see cref="WellFormedText"/>).
    /// </summary>
    public static string Unescape(string text)
    {
        var at = text.IndexOf("_x", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        var from = 0;
        for (; at >= 0; at = text.IndexOf("_x", from, StringComparison.Ordinal))
        {
            if (at + 7 <= text.Length && text[at + 6] == '_'
                && ushort.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                decoded.Append(text, from, at - from).Append((char)code);
                from = at + 7;
            }
            else
            {
                decoded.Append(text, from, at + 2 - from);
                from = at + 2;
            }
        }

        return decoded.Append(text, from, text.Length - from).ToString();
    }
}
