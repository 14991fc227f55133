using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.SubmissionTemplates;

/// <summary>
/// The template of a form of the catalog, from its columns: their labels as the header (what the reader matches),
/// without the street code (the street's name says it) and the columns the pipeline computes; a drop-down for each
/// list and yes/no column and for the street, the registry's list a column asks for as suggestions, and for one
/// street its communities pre-filled when a row is a community.
/// </summary>
public static class CatalogTemplate
{
    public static SubmissionTemplate For(FormDefinition form, DivisionRegistry registry, Street? street = null, string? period = null)
    {
        var fields = form.Columns.Where(c => c.Type != ColumnType.StreetCode && !c.Computed)
            .Select(c => (Column: c, Field: new Field(c.Key, c.Label.Zh, c.Aliases, c.Required))).ToList();
        // A row per community (a key of the community alone): a street's template lists its communities to fill in.
        var perCommunity = form.Keys.Any(key => key is [var only] && form.Column(only)?.Type is ColumnType.Community or ColumnType.CommunityCode);
        IReadOnlyList<IReadOnlyDictionary<Field, string>> rows = perCommunity && street is not null
            ? [.. street.Communities.Select(community => Row(fields, period, street, community))]
            : [];
        var columns = fields.Select(f => Column(f.Column, f.Field, registry, street, rows)).ToList();
        var title = $"{registry.DistrictName}{(street is null ? "" : " " + street.Name)} {form.Title.Zh} / {form.Title.En} · 填报模板{(period is null ? "" : " " + period)}";
        return new SubmissionTemplate(form.Code, form.TemplateFile, title, columns, rows,
            TemplateInstructions.For(form, title, columns, registry, street, rows.Count), street, period);
    }

    /// <summary>Every template the report publishes for <paramref name="catalog"/>'s forms: each form's blank one, then each street's.</summary>
    public static IEnumerable<SubmissionTemplate> Published(FormCatalog catalog, DivisionRegistry registry) =>
        catalog.Forms.SelectMany(form => registry.Streets.Prepend(null).Select(street => For(form, registry, street)));

    /// <summary>The form whose template is <paramref name="name"/> (<c>roster</c>), or whose code it is; case does not matter.</summary>
    public static FormDefinition? FormNamed(FormCatalog catalog, string name) =>
        catalog.Forms.FirstOrDefault(f => f.TemplateFile.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? catalog.Forms.FirstOrDefault(f => f.Code.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static Dictionary<Field, string> Row(IEnumerable<(FormColumn Column, Field Field)> fields, string? period, Street street, Community community)
    {
        var row = new Dictionary<Field, string>();
        foreach (var (column, field) in fields)
        {
            // What a street's template knows of each of its communities; the rest is the clerk's to fill.
            var value = column.Type switch
            {
                ColumnType.Street => street.Name,
                ColumnType.Community => community.Name,
                ColumnType.CommunityCode => community.Code,
                ColumnType.Period => period,
                ColumnType.Text or ColumnType.Count or ColumnType.Decimal or ColumnType.Rate or ColumnType.YesNo or ColumnType.Choice
                    or ColumnType.Date or ColumnType.DateTime or ColumnType.StreetCode => null,
                var other => throw new ArgumentOutOfRangeException(nameof(fields), other, null),
            };
            if (value is not null)
            {
                row[field] = value;
            }
        }

        return row;
    }

    private static TemplateColumn Column(FormColumn column, Field field, DivisionRegistry registry, Street? street, IReadOnlyList<IReadOnlyDictionary<Field, string>> rows)
    {
        TemplateChoices? choices = column.Type switch
        {
            ColumnType.YesNo => new(CellValues.BooleanChoices, Strict: true),
            ColumnType.Choice => new([.. column.Options.Select(o => o.Value)], Strict: true),
            ColumnType.Street => new(street is null ? [.. registry.Streets.Select(s => s.Name)] : [street.Name], Strict: true),
            // The registry's communities are what is known, not all there may be: another name is only warned about.
            ColumnType.Community => street is { Communities.Count: > 0 } ? new([.. street.Communities.Select(c => c.Name)], Strict: false) : null,
            // The registry's lists are what is known, not all there may be: another value is only warned about.
            ColumnType.Text => column.Suggestions switch
            {
                null => null,
                RegistryList.ServiceModes => registry.ServiceModes.Count > 0 ? new(registry.ServiceModes, Strict: false) : null,
                var other => throw new ArgumentOutOfRangeException(nameof(column), other, null),
            },
            ColumnType.Count or ColumnType.Decimal or ColumnType.Rate or ColumnType.Date or ColumnType.DateTime
                or ColumnType.Period or ColumnType.StreetCode or ColumnType.CommunityCode => null,
            var other => throw new ArgumentOutOfRangeException(nameof(column), other, null),
        };
        // Kept as typed: codes, periods and free text (a number-like name must not turn into a number).
        var format = column.Type switch
        {
            ColumnType.Text or ColumnType.Period or ColumnType.CommunityCode or ColumnType.StreetCode => TemplateCellFormat.Text,
            ColumnType.Date or ColumnType.DateTime => TemplateCellFormat.DateTime,
            ColumnType.Count or ColumnType.Decimal or ColumnType.Rate or ColumnType.YesNo or ColumnType.Choice or ColumnType.Street or ColumnType.Community => TemplateCellFormat.General,
            var other => throw new ArgumentOutOfRangeException(nameof(column), other, null),
        };
        var shown = new[] { field.Label, format == TemplateCellFormat.DateTime ? "2020-12-01 08:30:00" : "" }
            .Concat(choices?.Values ?? [])
            .Concat(rows.Select(r => r.GetValueOrDefault(field, "")));
        return new TemplateColumn(field, field.Required || column.Type == ColumnType.Street, format, choices, SubmissionTemplate.WidthOf(shown));
    }
}
