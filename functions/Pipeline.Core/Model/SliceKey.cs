namespace Pipeline.Core.Model;

/// <summary>
/// The unit an upload replaces or updates: one form, for one period, of one street. A roster or counts file
/// is the complete statement of every slice it touches; a ticket export updates its slices ticket by ticket.
/// </summary>
public readonly record struct SliceKey(string Form, string Period, string StreetCode)
{
    public override string ToString() => $"{Form}/{Period}/{StreetCode}";

    /// <summary>The inverse of <see cref="ToString"/>.</summary>
    public static SliceKey Parse(string text) =>
        text.Split('/') is [{ Length: > 0 } form, var period, var street]
            ? new SliceKey(form, period, street)
            : throw new FormatException($"'{text}' is not a slice.");
}
