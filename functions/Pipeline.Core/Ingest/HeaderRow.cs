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
        // Each cell's keys once, whatever the number of layouts: a row costs what it holds.
        var keys = row.Spans
            .Select(span => (span, key: HeaderKey(span.Cell.Text)))
            .Where(c => c.key.Length > 0)
            .Select(c => (c.span, c.key, bare: UnitSuffix().Replace(c.key, "")))
            .ToList();
        HeaderRow? best = null;
        foreach (var layout in SheetLayout.All)
        {
            var aliases = AliasKeys[layout];
            var columns = new Dictionary<Field, int>();
            var headers = new Dictionary<Field, string>();
            var twice = new List<Field>();
            foreach (var (span, key, bare) in keys)
            {
                // "户数(户)" and "受理量(件)" carry a unit: the text as written first, then without the bracketed suffix.
                if (!aliases.TryGetValue(key, out var field) && !aliases.TryGetValue(bare, out field))
                {
                    continue;
                }

                if (!columns.TryAdd(field, span.FirstColumn))
                {
                    twice.Add(field);
                    continue;
                }

                // A header merged across columns names its field in each of them: once is enough to say so.
                if (span.LastColumn > span.FirstColumn)
                {
                    twice.Add(field);
                }

                headers[field] = TextValues.Normalize(span.Cell.Text);
            }

            if (layout.Signature.All(columns.ContainsKey) && (best is null || columns.Count > best.Columns.Count))
            {
                best = new HeaderRow(layout, row.Number, columns, headers);
                duplicated = twice;
            }
        }

        return best;
    }

    /// <summary>Each layout's header keys, every alias of every field, the first field in the layout's order winning a key two share.</summary>
    private static readonly Dictionary<SheetLayout, Dictionary<string, Field>> AliasKeys = SheetLayout.All.ToDictionary(
        layout => layout,
        layout =>
        {
            var keys = new Dictionary<string, Field>(StringComparer.Ordinal);
            foreach (var field in layout.Fields)
            {
                foreach (var alias in field.Aliases)
                {
                    keys.TryAdd(HeaderKey(alias), field);
                }
            }

            return keys;
        });

    private static string HeaderKey(string text) => TextValues.NameKey(text).Trim('*', ':', '：');

    [GeneratedRegex(@"\([^()]*\)$")]
    private static partial Regex UnitSuffix();
}
