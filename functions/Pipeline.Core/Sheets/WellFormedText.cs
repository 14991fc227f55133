using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pipeline.Core.Sheets;

/// <summary>
/// Text that is valid UTF-16: a surrogate without its partner (which an OOXML escape such as <c>_xD800_</c>, or the raw
/// UTF-16 of a legacy .xls or a UTF-16 CSV, can carry) becomes U+FFFD, the replacement character, as any decoder would
/// make it, and so do the noncharacters U+FFFE and U+FFFF. Only then can the text be normalised, compared or written
/// out; left alone, they make those throw.
/// </summary>
public static class WellFormedText
{
    /// <summary>The text with each lone surrogate replaced; the same instance when it has none, as almost all text has.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Repair(string? text)
    {
        // One vectorised search settles almost all text: nothing from U+D800 up (the surrogates and U+FFFE/U+FFFF sit
        // there; so do full-width punctuation, which the exact look then passes).
        if (text is null || text.AsSpan().IndexOfAnyExceptInRange('\u0000', '\uD7FF') < 0 || !HasInvalid(text))
        {
            return text;
        }

        var repaired = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                repaired.Append(c).Append(text[++i]);
            }
            else
            {
                repaired.Append(IsInvalid(c) ? '\uFFFD' : c);
            }
        }

        return repaired.ToString();
    }

    private static bool IsInvalid(char c) => char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';

    private static bool HasInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsInvalid(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
