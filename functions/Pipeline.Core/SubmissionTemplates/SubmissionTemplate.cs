using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;

namespace Pipeline.Core.SubmissionTemplates;

/// <summary>
/// A submission template (填报模板): what an .xlsx for clerks holds, as data. A title row, the header row with the
/// reader's own headers, pre-filled rows (a street's communities, where a row is a community), drop-downs with the
/// values the reader accepts, and instructions in Chinese. <see cref="CatalogTemplate"/> makes one from a form of the
/// catalog. Pure: the same registry, catalog version, street and period give the same template.
/// </summary>
/// <param name="Form">The form's code.</param>
/// <param name="Name">The name it is published and asked for by (<c>roster</c>): the form's template name, else its code.</param>
public sealed record SubmissionTemplate(
    string Form,
    string Name,
    string Title,
    IReadOnlyList<TemplateColumn> Columns,
    IReadOnlyList<IReadOnlyDictionary<Field, string>> Rows,
    IReadOnlyList<string> Instructions,
    Street? Street,
    string? Period)
{
    public const int TitleRow = 1;
    public const int HeaderRowNumber = 2;
    public const string DataSheet = "填报";
    public const string InstructionsSheet = "填写说明";

    /// <summary>Where the report publishes templates; the blank ones directly in it, a street's in its code's folder.</summary>
    public const string PublishedFolder = "reports/templates";

    /// <summary>The fixed creation time written into every template, so the same registry gives the same bytes.</summary>
    public static readonly DateTimeOffset Timestamp = new(2020, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public string FileName => FileNameOf(Name);

    public string PublishedPath => PathOf(Name, Street);

    public static string FileNameOf(string name) => $"{name}.xlsx";

    /// <summary>The published path: <c>reports/templates/counts.xlsx</c>, or <c>reports/templates/{streetCode}/counts.xlsx</c>.</summary>
    public static string PathOf(string name, Street? street) =>
        street is null ? $"{PublishedFolder}/{FileNameOf(name)}" : $"{PublishedFolder}/{street.Code}/{FileNameOf(name)}";

    /// <summary>A column's width for what it shows, as Excel measures text (a CJK character is two wide), within 10 to 40.</summary>
    internal static int WidthOf(IEnumerable<string> shown) => Math.Clamp(shown.Max(DisplayWidth) + 4, 10, 40);

    private static int DisplayWidth(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);
}
