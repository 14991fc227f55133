using Pipeline.Core.Ingest;

namespace Pipeline.Core.SubmissionTemplates;

/// <summary>
/// One column of a submission template: the reader's own field (its header is the field's label), how wide it is
/// shown, how its cells are formatted, and the drop-down it offers, if any.
/// </summary>
public sealed record TemplateColumn(Field Field, bool Required, TemplateCellFormat Format, TemplateChoices? Choices, int Width)
{
    /// <summary>The header exactly as the reader expects it.</summary>
    public string Header => Field.Label;
}

/// <summary>A drop-down list. <see cref="Strict"/>: the reader accepts nothing else, so Excel refuses other entries; otherwise it only warns.</summary>
public sealed record TemplateChoices(IReadOnlyList<string> Values, bool Strict);

public enum TemplateCellFormat
{
    General,

    /// <summary>Kept as typed: codes of 12 digits, periods like 2020-12, ticket numbers.</summary>
    Text,

    /// <summary>A date and time of day (来电时间).</summary>
    DateTime,
}
