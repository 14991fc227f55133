namespace Pipeline.Core.Forms;

/// <summary>
/// One monthly form (报表): its code and title, what one row is, who owes it, its columns and how a file states its
/// rows, its checks, its plausibility rules and the measures its rows make.
/// </summary>
public sealed record FormDefinition(string Code, Bilingual Title, Bilingual RowNoun, IReadOnlyList<FormColumn> Columns)
{
    public Obligor OwedBy { get; init; } = Obligor.Street;

    /// <summary>Another form whose measures this one feeds (tickets feed the appeal counts): either meets the obligation.</summary>
    public string? Feeds { get; init; }

    public Statement Statement { get; init; } = Statement.Replace;

    /// <summary>What a row naming a street or community that has ended does (the divisions in force in its period).</summary>
    public EndedDivisions EndedDivisions { get; init; } = EndedDivisions.Refuse;

    /// <summary>The text column where a clerk explains a row (说明), which confirms a plausibility warning on it.</summary>
    public string? ExplanationColumn { get; init; }

    /// <summary>For <see cref="Statement.Merge"/>: the date-time column a row's period is taken from.</summary>
    public string? PeriodColumn { get; init; }

    /// <summary>
    /// The columns whose values make a row's identity, two rows with the same key being a duplicate: the first set
    /// whose columns the row fills (a compound by its ID, else by community and name).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Keys { get; init; } = [];

    /// <summary>The columns whose headers, all present, tell that a sheet is this form.</summary>
    public IReadOnlyList<string> Signature { get; init; } = [];

    public IReadOnlyList<RowCheck> Checks { get; init; } = [];

    public IReadOnlyList<PlausibilityRule> Plausibility { get; init; } = [];

    public IReadOnlyList<Measure> Measures { get; init; } = [];

    /// <summary>The short name of the form's template and of the CLI's <c>template</c> verb (<c>roster</c>); its code when none.</summary>
    public string? TemplateName { get; init; }

    /// <summary>Lines the template's instructions (填写说明) add about filling the form in: its rules in a clerk's words.</summary>
    public IReadOnlyList<Bilingual> Guidance { get; init; } = [];

    /// <summary>The name its template is published and asked for by.</summary>
    public string TemplateFile => TemplateName ?? Code;

    public FormColumn? Column(string key) => Columns.FirstOrDefault(c => c.Key == key);
}

/// <summary>Who owes a form each period.</summary>
public enum Obligor
{
    /// <summary>Every street and town.</summary>
    Street,

    /// <summary>The district office, for a district-wide export.</summary>
    District,

    /// <summary>Nobody: an optional form.</summary>
    None,
}

/// <summary>What a row naming a street or community not in force in its period does.</summary>
public enum EndedDivisions
{
    /// <summary>It is refused, the finding naming what the unit is now: a clerk's form, which the clerk corrects.</summary>
    Refuse,

    /// <summary>
    /// It counts for the one unit the ended unit became, with a warning; refused like <see cref="Refuse"/> when the unit
    /// split or is not yet in force: an export the clerk cannot edit (12345 tickets).
    /// </summary>
    Attribute,
}

/// <summary>How a file states its rows.</summary>
public enum Statement
{
    /// <summary>The file's rows replace the (period, street) slice, as a roster does.</summary>
    Replace,

    /// <summary>The file's rows are merged by key, as tickets are; a later upload's row wins.</summary>
    Merge,
}
