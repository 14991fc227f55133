using System.Globalization;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// One line of progress on a terminal's stderr ("run: file 7 of 38"), rewritten in place and cleared at the end.
/// Writes nothing when stderr is redirected, so CI logs, pipes and tests see only the command's own lines.
/// </summary>
public sealed class ProgressLine(TextWriter writer, bool terminal)
{
    // Back to the start of the line and erase it: no padding to guess, whatever the width of 中文 characters.
    private const string Erase = "\r\u001b[K";

    private bool _shown;

    /// <summary>Progress on <paramref name="stderr"/> only when it is the process's own stderr and that is a terminal.</summary>
    public static ProgressLine For(TextWriter stderr) => new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Shows "<paramref name="verb"/>: <paramref name="unit"/> <paramref name="done"/> of <paramref name="total"/>" in place of the last line shown.</summary>
    public void Report(string verb, string unit, int done, int total)
    {
        if (!terminal)
        {
            return;
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Erase}{verb}: {unit} {done:N0} of {total:N0}"));
        writer.Flush();
        _shown = true;
    }

    /// <summary>Removes the line, before the command writes a result line or an error, and at its end.</summary>
    public void Clear()
    {
        if (!_shown)
        {
            return;
        }

        writer.Write(Erase);
        writer.Flush();
        _shown = false;
    }
}
