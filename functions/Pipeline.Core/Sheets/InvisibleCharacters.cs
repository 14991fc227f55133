using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pipeline.Core.Sheets;

/// <summary>
/// Characters that show nothing yet change how text reads: the bidirectional controls (an unclosed U+202E reverses the
/// rest of its line in the report, in a CSV opened in Excel and in a findings line), zero-width characters and a byte
/// order mark inside text. No clerk types them on purpose: they come from copying out of web pages and chat tools, or
/// from someone disguising text. They are stripped, not refused: cell text loses them once, as it is read, and file and
/// sheet names lose them wherever they are shown.
/// </summary>
public static class InvisibleCharacters
{
    /// <summary>
    /// U+200E/U+200F and U+061C (marks), U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates); U+200B–U+200D
    /// and U+2060 (zero-width space, non-joiner, joiner, word joiner); U+FEFF (byte order mark, once zero-width no-break space).
    /// </summary>
    public const string Characters =
        "\u061C\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF";

    private static readonly SearchValues<char> All = SearchValues.Create(Characters);

    public static bool Is(char c) => All.Contains(c);

    /// <summary>The text without them; the same instance when it has none, as almost all text has.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Strip(string? text)
    {
        var at = text.AsSpan().IndexOfAny(All);
        if (at < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text!.Length);
        kept.Append(text, 0, at);
        foreach (var c in text.AsSpan(at))
        {
            if (!All.Contains(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
