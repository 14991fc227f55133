using System.Text;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Model;

/// <summary>How text from a spreadsheet is cleaned before it is compared or stored.</summary>
public static class TextValues
{
    /// <summary>NFKC (full-width letters, digits and brackets become ASCII; a lone surrogate U+FFFD first), no invisible characters (<see cref="InvisibleCharacters"/>), trimmed, single spaces.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var normalized = WellFormedText.Repair(text).Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (InvisibleCharacters.Is(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The key two names are compared by: normalised, no spaces at all, case-insensitive.</summary>
    public static string NameKey(string? text) =>
        Normalize(text).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
