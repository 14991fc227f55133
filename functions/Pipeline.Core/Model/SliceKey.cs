namespace Pipeline.Core.Model;

/// <summary>
/// The unit an upload replaces or updates: one kind of data, for one period, of one street. A roster or counts file
/// is the complete statement of every slice it touches; a ticket export updates its slices ticket by ticket.
/// </summary>
public readonly record struct SliceKey(SheetKind Kind, string Period, string StreetCode)
{
    public override string ToString() => $"{Kind}/{Period}/{StreetCode}";

    /// <summary>The inverse of <see cref="ToString"/>.</summary>
    public static SliceKey Parse(string text) =>
        text.Split('/') is [var kind, var period, var street] && Enum.TryParse<SheetKind>(kind, out var k)
            ? new SliceKey(k, period, street)
            : throw new FormatException($"'{text}' is not a slice.");
}
