using Pipeline.Core.Model;

namespace Pipeline.Core.Closing;

/// <summary>
/// What a summary says of its standing (governance-summary/v2): <c>official</c> figures as closed, with their version,
/// when and with what note; or <c>provisional</c>, with the latest official version before it, if any.
/// </summary>
public sealed record Publication(string Status, int? OfficialVersion, string? ClosedAt, string? Note)
{
    public const string Official = "official";
    public const string Provisional = "provisional";

    public static Publication Of(PeriodClosing closing) => closing.IsClosed && closing.LastClose is { } close
        ? new(Official, close.Version, Timestamps.Utc(close.At), close.Text)
        : new(Provisional, closing.OfficialVersion == 0 ? null : closing.OfficialVersion, null, null);
}
