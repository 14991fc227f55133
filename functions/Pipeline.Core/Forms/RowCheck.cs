using System.Text.Json.Serialization;

namespace Pipeline.Core.Forms;

/// <summary>
/// 审核公式 on one row: an expression over the row's columns that must hold. An error (强制性) rejects the file; a
/// warning (核实性) is shown and confirmed by a 说明. Where it names columns, the finding points at the first.
/// <see cref="Code"/> is the check's own; <see cref="Finding"/> the code of the finding it gives, which several checks
/// may share (counts.exceeds).
/// </summary>
public sealed record RowCheck(string Code, string Expression, CheckSeverity Severity, Bilingual Message)
{
    public string? Finding { get; init; }

    [JsonIgnore]
    public string FindingCode => Finding ?? Code;
}

public enum CheckSeverity
{
    Error,
    Warning,
}
