using System.Text.RegularExpressions;
using NCalc;
using Pipeline.Core.Model;

namespace Pipeline.Core.Forms;

/// <summary>
/// Everything a catalog must be before anything reads a file with it: unique codes, known columns, expressions that
/// parse and type-check in their scope, forms that feed one another without a cycle, indicators over known measures,
/// score weights over known indicators. Each problem names the form and the field.
/// </summary>
public static partial class CatalogCheck
{
    public static IReadOnlyList<CatalogProblem> Problems(FormCatalog catalog, string file)
    {
        var problems = new List<CatalogProblem>();
        void Add(string? form, string field, string message) => problems.Add(new CatalogProblem(file, form, field, message));

        if (!CodePattern().IsMatch(catalog.Version))
        {
            Add(null, "version", $"'{catalog.Version}' must be 1 to 32 letters, digits, '.', '_' or '-' (2021.1), as messages and pages name it");
        }

        if (!Periods.IsValid(catalog.EffectiveFrom))
        {
            Add(null, "effectiveFrom", $"'{catalog.EffectiveFrom}' is not a month: write YYYY-MM");
        }

        if (catalog.Forms.Count == 0)
        {
            Add(null, "forms", "is empty: a catalog has at least one form");
        }

        foreach (var duplicate in Duplicates(catalog.Forms.Select(f => f.Code)))
        {
            Add(duplicate, "code", "is the code of more than one form");
        }

        // A template is published and asked for by its name: one name, one form.
        foreach (var duplicate in Duplicates(catalog.Forms.Select(f => f.TemplateFile.ToLowerInvariant())))
        {
            Add(catalog.Forms.First(f => f.TemplateFile.Equals(duplicate, StringComparison.OrdinalIgnoreCase)).Code, "templateName",
                $"'{duplicate}' names the template of more than one form");
        }

        foreach (var form in catalog.Forms)
        {
            CheckForm(catalog, form, Add);
        }

        foreach (var duplicate in Duplicates(catalog.Indicators.Select(i => i.Code)))
        {
            Add(null, $"indicators ({duplicate})", "is the code of more than one indicator");
        }

        foreach (var (indicator, index) in catalog.Indicators.Select((i, n) => (i, n)))
        {
            CheckIndicator(catalog, indicator, $"indicators[{index}] ({indicator.Code})", Add);
        }

        if (catalog.Score is { } score)
        {
            if (score.Scale <= 0 || !double.IsFinite(score.Scale))
            {
                Add(null, "score.scale", "must be a positive number");
            }

            if (score.Weights.Count == 0)
            {
                Add(null, "score.weights", "is empty: a score weighs at least one indicator");
            }

            foreach (var (code, weight) in score.Weights)
            {
                if (catalog.Indicators.All(i => i.Code != code))
                {
                    Add(null, $"score.weights.{code}", "names no indicator of the catalog");
                }

                if (weight <= 0 || !double.IsFinite(weight))
                {
                    Add(null, $"score.weights.{code}", "must be a positive number");
                }
            }

            if (score.Target is { } target && !double.IsFinite(target))
            {
                Add(null, "score.target", "must be a number");
            }
        }

        return problems;
    }

    private static void CheckForm(FormCatalog catalog, FormDefinition form, Action<string?, string, string> add)
    {
        var code = form.Code;
        // A form's code names its slices in storage (a table property, a blob path), so it is an identifier.
        if (!FormCodePattern().IsMatch(code))
        {
            add(code, "code", "must be 1 to 32 letters, digits or '_', starting with a letter");
        }

        if (form.Columns.Count == 0)
        {
            add(code, "columns", "is empty: a form has at least one column");
        }

        if (form.TemplateName is { } name && !TemplateNamePattern().IsMatch(name))
        {
            add(code, "templateName", $"'{name}' must be 1 to 32 lowercase letters, digits or '-', starting with a letter: it names a file");
        }

        foreach (var column in form.Columns.Where(c => c.Computed && c.Required))
        {
            add(code, $"columns ({column.Key}).computed", "a computed column cannot be required: templates leave it out");
        }

        foreach (var column in form.Columns.Where(c => c.Suggestions is not null && c.Type != ColumnType.Text))
        {
            add(code, $"columns ({column.Key}).suggestions", "are for a text column: a list, yes/no or number column has its own values");
        }

        foreach (var duplicate in Duplicates(form.Columns.Select(c => c.Key)))
        {
            add(code, $"columns ({duplicate})", "is the key of more than one column");
        }

        // Headers are matched after removing spaces and case: two columns answering to one header would be a guess.
        foreach (var duplicate in Duplicates(form.Columns.SelectMany(c => c.Aliases.Append(c.Label.Zh).Append(c.Key).Select(TextValues.NameKey).Distinct())))
        {
            add(code, "columns", $"more than one column answers to the header '{duplicate}'");
        }

        foreach (var (column, index) in form.Columns.Select((c, n) => (c, n)))
        {
            CheckColumn(code, column, $"columns[{index}] ({column.Key})", add);
        }

        void Known(IEnumerable<string> keys, string field)
        {
            foreach (var key in keys.Where(k => form.Column(k) is null))
            {
                add(code, field, $"names no column '{key}'");
            }
        }

        foreach (var (key, index) in form.Keys.Select((k, n) => (k, n)))
        {
            Known(key, $"keys[{index}]");
            if (key.Count == 0)
            {
                add(code, $"keys[{index}]", "is empty");
            }
        }

        Known(form.Signature, "signature");
        if (form.ExplanationColumn is { } explanation && form.Column(explanation) is not { Type: ColumnType.Text })
        {
            add(code, "explanationColumn", $"'{explanation}' is not a text column of the form");
        }

        foreach (var type in new[] { ColumnType.Period, ColumnType.Street, ColumnType.StreetCode, ColumnType.Community, ColumnType.CommunityCode })
        {
            if (form.Columns.Count(c => c.Type == type) > 1)
            {
                add(code, "columns", $"has more than one column of type {type}: a row has one period, one street and one community");
            }
        }

        if (form.Signature.Count == 0)
        {
            add(code, "signature", "is empty: name the columns whose headers tell a sheet is this form");
        }

        // Measures are summed per community, then pooled to streets, groups and the district: a row without one would count nowhere.
        if (form.Measures.Count > 0 && !form.Columns.Any(c => c is { Type: ColumnType.Community, Required: true }))
        {
            add(code, "measures", "are summed per community: the form needs a required column of type community");
        }

        if (form.Statement == Statement.Merge)
        {
            if (form.PeriodColumn is not { } periodColumn)
            {
                add(code, "periodColumn", "is missing: a form merged by key takes each row's period from a date-time column");
            }
            else if (form.Column(periodColumn) is not { Type: ColumnType.DateTime or ColumnType.Date })
            {
                add(code, "periodColumn", $"'{periodColumn}' is not a date or date-time column of the form");
            }

            if (form.Keys.Count == 0)
            {
                add(code, "keys", "is empty: a form merged by key needs a key");
            }
        }
        else if (form.PeriodColumn is not null)
        {
            add(code, "periodColumn", "is for forms merged by key; a replacing form takes its period from a period column or the folder");
        }

        if (form.Feeds is { } fed)
        {
            CheckFeeds(catalog, form, fed, add);
        }

        foreach (var duplicate in Duplicates(form.Checks.Select(c => c.Code)))
        {
            add(code, $"checks ({duplicate})", "is the code of more than one check");
        }

        ValueKind? Column(string name) => form.Column(name)?.Type.KindOf();
        var measured = catalog.MeasuredAs(form);
        bool OwnIndicator(string name) => catalog.Indicators.Any(i => i.Code == name && i.Form == measured.Code);
        foreach (var (check, index) in form.Checks.Select((c, n) => (c, n)))
        {
            var field = $"checks[{index}] ({check.Code})";
            if (Expression(check.Expression, ExpressionScope.Row, Column, code, $"{field}.expression", add, OwnIndicator) is { } kind && kind != ValueKind.Boolean)
            {
                add(code, $"{field}.expression", "must be a condition (yes/no), which the row must meet");
            }

            foreach (var placeholder in MessageText.Placeholders(check.Message).Where(p => !MessageText.IsRowPlaceholder(p, form, OwnIndicator)))
            {
                add(code, $"{field}.message", $"{{{placeholder}}} names no column ({{key}} or {{key.label}}) or indicator ({{indicator:code}}) of the form");
            }
        }

        foreach (var duplicate in Duplicates(form.Measures.Select(m => m.Code)))
        {
            add(code, $"measures ({duplicate})", "is the code of more than one measure");
        }

        foreach (var (measure, index) in form.Measures.Select((m, n) => (m, n)))
        {
            Expression(measure.Expression, ExpressionScope.Measure, Column, code, $"measures[{index}] ({measure.Code}).expression", add);
            if (measure.By is { } by && Expression(by, ExpressionScope.Row, Column, code, $"measures[{index}] ({measure.Code}).by", add) is { } kind && kind != ValueKind.Text)
            {
                add(code, $"measures[{index}] ({measure.Code}).by", "must give text: the value each row is counted under");
            }
        }

        foreach (var (rule, index) in form.Plausibility.Select((r, n) => (r, n)))
        {
            var field = $"plausibility[{index}] ({rule.Code})";
            foreach (var placeholder in MessageText.Placeholders(rule.Message).Where(p => !MessageText.PlausibilityPlaceholders.Contains(p)))
            {
                add(code, $"{field}.message", $"{{{placeholder}}} is not one of {string.Join(", ", MessageText.PlausibilityPlaceholders.Select(p => $"{{{p}}}"))}");
            }

            if (measured.Measures.All(m => m.Code != rule.Subject) && catalog.Indicators.All(i => i.Code != rule.Subject || i.Form != measured.Code))
            {
                add(code, $"{field}.subject", $"names no measure or indicator '{rule.Subject}' of form {measured.Code}");
            }

            if (rule.Change == PlausibilityChange.Disappeared && rule.Scope != PlausibilityScope.Community)
            {
                add(code, $"{field}.scope", "must be community: only a community can disappear from a street's file");
            }

            if (rule.Threshold <= 0 || !double.IsFinite(rule.Threshold))
            {
                add(code, $"{field}.threshold", "must be a positive number");
            }
        }
    }

    private static void CheckColumn(string form, FormColumn column, string field, Action<string?, string, string> add)
    {
        if (!KeyPattern().IsMatch(column.Key))
        {
            add(form, $"{field}.key", "must be 1 to 64 lower-case letters, digits or '_', starting with a letter");
        }

        if (column.Type == ColumnType.Choice)
        {
            if (column.Options.Count == 0)
            {
                add(form, $"{field}.options", "is empty: a choice column lists its values");
            }

            foreach (var duplicate in Duplicates(column.Options.SelectMany(o => o.Aliases.Append(o.Value)).Select(TextValues.NameKey)))
            {
                add(form, $"{field}.options", $"the spelling '{duplicate}' stands for more than one option");
            }
        }
        else if (column.Options.Count > 0)
        {
            add(form, $"{field}.options", "are for choice columns only");
        }

        if (column.Min is { } min && column.Max is { } max && min > max)
        {
            add(form, $"{field}.min", $"is greater than max ({min} > {max})");
        }

        if ((column.Min is not null || column.Max is not null) && column.Type.KindOf() != ValueKind.Number)
        {
            add(form, $"{field}.min", "limits are for number columns only");
        }

        if (column.MaxLength is { } length && (length < 1 || column.Type.KindOf() != ValueKind.Text))
        {
            add(form, $"{field}.maxLength", "is for text columns, and at least 1");
        }
    }

    private static void CheckFeeds(FormCatalog catalog, FormDefinition form, string fed, Action<string?, string, string> add)
    {
        // Follow the chain: a form feeding itself, directly or round about, has no measures to count towards.
        var seen = new List<string> { form.Code };
        for (var next = catalog.Form(fed); next is not null; next = next.Feeds is { } further ? catalog.Form(further) : null)
        {
            if (seen.Contains(next.Code))
            {
                add(form.Code, "feeds", $"makes a cycle: {string.Join(" → ", seen.Append(next.Code))}");
                return;
            }

            seen.Add(next.Code);
        }

        if (catalog.Form(fed) is not { } target)
        {
            add(form.Code, "feeds", $"names no form '{fed}'");
            return;
        }

        var mine = form.Measures.Select(m => m.Code).Order(StringComparer.Ordinal).ToList();
        var theirs = target.Measures.Select(m => m.Code).Order(StringComparer.Ordinal).ToList();
        if (!mine.SequenceEqual(theirs))
        {
            add(form.Code, "measures", $"must define the measures of form {target.Code} that it feeds ({string.Join(", ", theirs)}), and only those");
        }
    }

    private static void CheckIndicator(FormCatalog catalog, Indicator indicator, string field, Action<string?, string, string> add)
    {
        if (catalog.Form(indicator.Form) is not { } form)
        {
            add(null, $"{field}.form", $"names no form '{indicator.Form}'");
            return;
        }

        var measured = catalog.MeasuredAs(form);
        ValueKind? Measure(string name) => measured.Measures.Any(m => m.Code == name) ? ValueKind.Number : null;
        Expression(indicator.Numerator, ExpressionScope.Indicator, Measure, form.Code, $"{field}.numerator", add);
        Expression(indicator.Denominator, ExpressionScope.Indicator, Measure, form.Code, $"{field}.denominator", add);
        if (indicator.Target is { } target && (!double.IsFinite(target) || (indicator.Format == IndicatorFormat.Percent && target is < 0 or > 1)))
        {
            add(form.Code, $"{field}.target", "of a percentage must be between 0 and 1 (0.9 for 90%)");
        }
    }

    /// <summary>Parses and type-checks one expression; its kind when it has no problem.</summary>
    private static ValueKind? Expression(
        string text, ExpressionScope scope, Func<string, ValueKind?> names, string? form, string field, Action<string?, string, string> add, Func<string, bool>? indicators = null)
    {
        var (tree, problem) = FormExpression.Parse(text);
        if (tree is null)
        {
            add(form, field, $"'{text}' {problem}");
            return null;
        }

        var (kind, problems) = ExpressionTypes.Check(tree, scope, names, indicators);
        foreach (var each in problems)
        {
            add(form, field, $"'{text}' {each}");
        }

        return kind;
    }

    private static IEnumerable<string> Duplicates(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,31}$")]
    private static partial Regex FormCodePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex TemplateNamePattern();
}
