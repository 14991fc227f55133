namespace Pipeline.Core.Validation;

/// <summary>
/// One reason a file cannot be applied, precise enough for a clerk to fix it: the file, the sheet, the row number as
/// Excel shows it, the column header as written, a stable code, and a message in Chinese with the English beside it.
/// </summary>
public sealed record Finding(string File, string? Sheet, int? Row, string? Column, string Code, string Message)
{
    /// <summary>Warnings are reported but do not reject the file.</summary>
    public FindingSeverity Severity { get; init; } = FindingSeverity.Error;
}

public enum FindingSeverity
{
    Error,
    Warning,
}
