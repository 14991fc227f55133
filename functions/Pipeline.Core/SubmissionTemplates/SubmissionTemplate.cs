using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.SubmissionTemplates;

/// <summary>
/// A submission template (填报模板): what an .xlsx for clerks holds, as data. A title row, the header row with the
/// reader's own headers, pre-filled rows (for counts, one per community of the street), drop-downs with the values the
/// reader accepts, and instructions in Chinese. Pure: the same registry, street and period give the same template.
/// </summary>
public sealed record SubmissionTemplate(
    string Form,
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

    /// <summary>The forms by the names the CLI and the published files use.</summary>
    public static IReadOnlyList<(string Name, string Form)> Forms { get; } =
        [("roster", LegacyForms.CompoundRoster), ("counts", LegacyForms.AppealCounts), ("tickets", LegacyForms.TicketExport)];

    // Street codes are the registry's (one way to name the street is enough), and the rates are computed, only cross-checked when written.
    private static readonly HashSet<Field> Omitted = [Field.StreetCode, Field.ResponseRate, Field.ResolutionRate, Field.SatisfactionRate];

    private static readonly HashSet<Field> Booleans = [Field.HasPropertyService, Field.PartyOrganization, Field.ValidVisit, Field.IsContacted, Field.IsResolved];

    private static readonly HashSet<Field> TextColumns = [Field.Period, Field.CommunityCode, Field.CompoundId, Field.TicketId];

    public string FileName => FileNameOf(Form);

    public string PublishedPath => PathOf(Form, Street);

    public static string FileNameOf(string form) => $"{NameOf(form)}.xlsx";

    /// <summary>The published path: <c>reports/templates/counts.xlsx</c>, or <c>reports/templates/{streetCode}/counts.xlsx</c>.</summary>
    public static string PathOf(string form, Street? street) =>
        street is null ? $"{PublishedFolder}/{FileNameOf(form)}" : $"{PublishedFolder}/{street.Code}/{FileNameOf(form)}";

    /// <summary>A built-in form's template by its short name (<c>counts</c>), any other by its catalog code.</summary>
    public static string NameOf(string form) => Forms.FirstOrDefault(f => f.Form == form).Name ?? form;

    public static string? FormNamed(string name) => Forms.FirstOrDefault(f => f.Name == name.Trim().ToLowerInvariant()).Form;

    /// <summary>The template of <paramref name="form"/>, for one street of <paramref name="registry"/> or (null) any, for one period or (null) any.</summary>
    public static SubmissionTemplate For(string form, DivisionRegistry registry, Street? street = null, string? period = null)
    {
        var layout = SheetLayout.For(form);
        var rows = form == LegacyForms.AppealCounts && street is not null
            ? street.Communities.Select(c => Row(period, street, c)).ToList()
            : [];
        var columns = layout.Fields.Where(f => !Omitted.Contains(f))
            .Select(f => Column(f, registry, street, rows))
            .ToList();
        var title = $"{registry.DistrictName}{(street is null ? "" : " " + street.Name)} {layout.Label} · 填报模板{(period is null ? "" : " " + period)}";
        return new SubmissionTemplate(form, title, columns, rows, TemplateInstructions.For(BuiltinForms.Of(form), title, columns, registry, street, rows.Count), street, period);
    }

    /// <summary>Every template the report publishes: the blank ones, then each street's, in code order.</summary>
    public static IEnumerable<SubmissionTemplate> Published(DivisionRegistry registry) =>
        registry.Streets.Prepend(null).SelectMany(street => Forms.Select(f => For(f.Form, registry, street)));

    private static Dictionary<Field, string> Row(string? period, Street street, Community community)
    {
        var row = new Dictionary<Field, string> { [Field.StreetName] = street.Name, [Field.CommunityCode] = community.Code, [Field.CommunityName] = community.Name };
        if (period is not null)
        {
            row[Field.Period] = period;
        }

        return row;
    }

    private static TemplateColumn Column(Field field, DivisionRegistry registry, Street? street, IReadOnlyList<IReadOnlyDictionary<Field, string>> rows)
    {
        var choices = Choices(field, registry, street);
        var format = TextColumns.Contains(field) ? TemplateCellFormat.Text : field == Field.ReceivedAt ? TemplateCellFormat.DateTime : TemplateCellFormat.General;
        var shown = new[] { field.Label, format == TemplateCellFormat.DateTime ? "2020-12-01 08:30:00" : "" }
            .Concat(choices?.Values ?? [])
            .Concat(rows.Select(r => r.GetValueOrDefault(field, "")));
        return new TemplateColumn(field, field.Required || field == Field.StreetName, format, choices, WidthOf(shown));
    }

    private static TemplateChoices? Choices(Field field, DivisionRegistry registry, Street? street)
    {
        if (Booleans.Contains(field))
        {
            return new(CellValues.BooleanChoices, Strict: true);
        }

        return field switch
        {
            _ when field == Field.OwnerOrganization => new(CellValues.OwnerOrganizationChoices, Strict: true),
            _ when field == Field.Satisfaction => new(CellValues.SatisfactionChoices, Strict: true),
            _ when field == Field.StreetName => new(street is null ? [.. registry.Streets.Select(s => s.Name)] : [street.Name], Strict: true),
            // The registry's lists are what is known, not all there may be: another value is only warned about.
            _ when field == Field.ServiceMode && registry.ServiceModes.Count > 0 => new(registry.ServiceModes, Strict: false),
            _ when field == Field.CommunityName && street is { Communities.Count: > 0 } => new([.. street.Communities.Select(c => c.Name)], Strict: false),
            _ => null,
        };
    }

    /// <summary>A column's width for what it shows, as Excel measures text (a CJK character is two wide), within 10 to 40.</summary>
    internal static int WidthOf(IEnumerable<string> shown) => Math.Clamp(shown.Max(DisplayWidth) + 4, 10, 40);

    private static int DisplayWidth(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);
}
