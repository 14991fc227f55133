using Pipeline.Core.Validation;

namespace Pipeline.Core.Sheets;

/// <summary>The file cannot be read at all (corrupt, encrypted, a zip bomb, over a limit): the whole file is rejected.</summary>
public sealed class SpreadsheetRejectedException(Finding finding) : Exception(finding.Message)
{
    public Finding Finding { get; } = finding;
}
