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

    /// <summary>
    /// Rows read of file <paramref name="file"/> of <paramref name="files"/> ("ingest: file 1 of 1, 120,000 rows read"),
    /// told by the ingestion while it reads, on its own thread: the line is written under a lock.
    /// </summary>
    public IProgress<int> RowsOf(string verb, int file, int files) => new Rows(rows =>
    {
        if (!terminal)
        {
            return;
        }

        lock (writer)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Erase}{verb}: file {file:N0} of {files:N0}, {rows:N0} rows read"));
            writer.Flush();
            _shown = true;
        }
    });

    /// <summary>Removes the line, before the command writes a result line or an error, and at its end.</summary>
    public void Clear()
    {
        if (!_shown)
        {
            return;
        }

        lock (writer)
        {
            writer.Write(Erase);
            writer.Flush();
            _shown = false;
        }
    }

    /// <summary>Reports at once, on the reporting thread (<see cref="Progress{T}"/> would post them out of order).</summary>
    private sealed class Rows(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
