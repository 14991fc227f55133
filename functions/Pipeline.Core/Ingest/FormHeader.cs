using System.Text.RegularExpressions;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Ingest;

/// <summary>
/// The header row of a sheet, read against the catalog: which form it is (the one whose signature columns are all
/// present, and of those the one that recognises most columns), which column holds which of its columns, and each
/// header as the clerk wrote it.
/// </summary>
public sealed partial record FormHeader(CompiledForm Form, int RowNumber, IReadOnlyDictionary<string, int> Columns, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>How far down a header may sit below title rows.</summary>
    public const int MaxTitleRows = 30;

    public bool Has(string column) => Columns.ContainsKey(column);

    /// <summary>The header as written, for findings; the column's label when the sheet lacks it.</summary>
    public string HeaderOf(string column) => Headers.GetValueOrDefault(column) ?? Form.Definition.Column(column)?.Label.Zh ?? column;

    /// <summary>The best reading of <paramref name="row"/> as a header of one of <paramref name="catalog"/>'s forms, or null.</summary>
    public static FormHeader? TryRead(SheetRow row, CompiledCatalog catalog, out IReadOnlyList<string> duplicated)
    {
        duplicated = [];
        // Each cell's keys once, whatever the number of forms: a row costs what it holds.
        var keys = row.Spans
            .Select(span => (span, key: HeaderKey(span.Cell.Text)))
            .Where(c => c.key.Length > 0)
            .Select(c => (c.span, c.key, bare: UnitSuffix().Replace(c.key, "")))
            .ToList();
        FormHeader? best = null;
        foreach (var form in catalog.Forms)
        {
            var aliases = AliasesOf(form.Definition);
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var twice = new List<string>();
            foreach (var (span, key, bare) in keys)
            {
                // "户数(户)" and "受理量(件)" carry a unit: the text as written first, then without the bracketed suffix.
                if (!aliases.TryGetValue(key, out var column) && !aliases.TryGetValue(bare, out column))
                {
                    continue;
                }

                if (!columns.TryAdd(column, span.FirstColumn))
                {
                    twice.Add(column);
                    continue;
                }

                // A header merged across columns names its column in each of them: once is enough to say so.
                if (span.LastColumn > span.FirstColumn)
                {
                    twice.Add(column);
                }

                headers[column] = TextValues.Normalize(span.Cell.Text);
            }

            if (form.Definition.Signature.All(columns.ContainsKey) && (best is null || columns.Count > best.Columns.Count))
            {
                best = new FormHeader(form, row.Number, columns, headers);
                duplicated = twice;
            }
        }

        return best;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FormDefinition, Dictionary<string, string>> Aliases = new();

    /// <summary>A form's header keys: every alias, label and key of every column (the catalog check keeps them apart).</summary>
    private static Dictionary<string, string> AliasesOf(FormDefinition form) => Aliases.GetValue(form, f =>
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in f.Columns)
        {
            foreach (var alias in column.Aliases.Append(column.Label.Zh).Append(column.Key))
            {
                keys.TryAdd(HeaderKey(alias), column.Key);
            }
        }

        return keys;
    });

    private static string HeaderKey(string text) => TextValues.NameKey(text).Trim('*', ':', '：');

    [GeneratedRegex(@"\([^()]*\)$")]
    private static partial Regex UnitSuffix();
}
