using System.Text.RegularExpressions;
using Pipeline.Core.Sheets;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>The header row of a recognised sheet: which column holds which field, and the header as the clerk wrote it.</summary>
public sealed partial record HeaderRow(SheetLayout Layout, int RowNumber, IReadOnlyDictionary<Field, int> Columns, IReadOnlyDictionary<Field, string> Headers)
{
    /// <summary>How far down a header may sit below title rows.</summary>
    public const int MaxTitleRows = 30;

    public bool Has(Field field) => Columns.ContainsKey(field);

    /// <summary>The header as written, for findings; the field's label when the sheet lacks the column.</summary>
    public string HeaderOf(Field field) => Headers.GetValueOrDefault(field, field.Label);

    /// <summary>The best reading of <paramref name="row"/> as a header, or null when it identifies no sheet kind.</summary>
    public static HeaderRow? TryRead(SheetRow row, out IReadOnlyList<Field> duplicated)
    {
        duplicated = [];
        HeaderRow? best = null;
        foreach (var layout in SheetLayout.All)
        {
            var columns = new Dictionary<Field, int>();
            var headers = new Dictionary<Field, string>();
            var twice = new List<Field>();
            for (var column = 0; column < row.Cells.Count; column++)
            {
                if (Match(layout, row[column].Text) is not { } field)
                {
                    continue;
                }

                if (!columns.TryAdd(field, column))
                {
                    twice.Add(field);
                    continue;
                }

                headers[field] = TextValues.Normalize(row[column].Text);
            }

            if (layout.Signature.All(columns.ContainsKey) && (best is null || columns.Count > best.Columns.Count))
            {
                best = new HeaderRow(layout, row.Number, columns, headers);
                duplicated = twice;
            }
        }

        return best;
    }

    private static Field? Match(SheetLayout layout, string text)
    {
        var key = HeaderKey(text);
        if (key.Length == 0)
        {
            return null;
        }

        // "户数(户)" and "受理量(件)" carry a unit: try the text as written first, then without the bracketed suffix.
        var bare = UnitSuffix().Replace(key, "");
        return layout.Fields.FirstOrDefault(f => f.Aliases.Any(a => HeaderKey(a) == key))
            ?? layout.Fields.FirstOrDefault(f => f.Aliases.Any(a => HeaderKey(a) == bare));
    }

    private static string HeaderKey(string text) => TextValues.NameKey(text).Trim('*', ':', '：');

    [GeneratedRegex(@"\([^()]*\)$")]
    private static partial Regex UnitSuffix();
}
