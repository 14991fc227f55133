using Pipeline.Core.Sheets;

namespace Pipeline.Core.Validation;

/// <summary>
/// One reason a file cannot be applied, precise enough for a clerk to fix it: the file, the sheet, the row number as
/// Excel shows it, the column header as written, a stable code, and a message in Chinese with the English beside it.
/// Its texts are for reading, so none keeps an invisible character: a blob path ending in U+202E must not reverse the
/// findings line it is shown on (the path itself, where it is an identifier, is kept elsewhere as it is).
/// </summary>
public sealed record Finding(string File, string? Sheet, int? Row, string? Column, string Code, string Message)
{
    public string File { get; init; } = InvisibleCharacters.Strip(File);

    public string? Sheet { get; init; } = InvisibleCharacters.Strip(Sheet);

    public string? Column { get; init; } = InvisibleCharacters.Strip(Column);

    public string Message { get; init; } = InvisibleCharacters.Strip(Message);

    /// <summary>Warnings are reported but do not reject the file.</summary>
    public FindingSeverity Severity { get; init; } = FindingSeverity.Error;
}

public enum FindingSeverity
{
    Error,
    Warning,
}
