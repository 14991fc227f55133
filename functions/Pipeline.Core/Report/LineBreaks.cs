namespace Pipeline.Core.Report;

/// <summary>
/// A file name or path cut into the pieces a template puts a <c>&lt;wbr&gt;</c> between (<c>_wrap.liquid</c>), so a
/// long path wraps after a '/', '-', '_' or '.' instead of in the middle of a code or a word. Each piece is still
/// encoded on output; only the break opportunity is markup.
/// </summary>
internal static class LineBreaks
{
    public static IReadOnlyList<string> Of(string? text)
    {
        var pieces = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return pieces;
        }

        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '/' or '-' or '_' or '.' && i + 1 < text.Length)
            {
                pieces.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        pieces.Add(text[start..]);
        return pieces;
    }
}
