using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A CSV file as one sheet named after the file: RFC 4180 records (quoted fields may hold delimiters, doubled quotes and
/// line breaks), numbered as Excel numbers the rows once it opens the file. Every cell is text, as written but for
/// <see cref="InvisibleCharacters"/>.
/// </summary>
internal sealed class CsvSheet
{
    private const int BufferChars = 64 * 1024;

    /// <summary>How far to look for the end of the first line when choosing the delimiter.</summary>
    private const int DelimiterScanChars = 1024 * 1024;

    private static readonly char[] Delimiters = [',', '\t', ';'];

    private readonly Stream stream;
    private readonly DetectedEncoding encoding;
    private readonly SheetGuard guard;
    private readonly StringBuilder field = new();
    private List<CellSpan> cells = [];
    private int column;
    private int number = 1;
    private bool fieldStarted;

    private CsvSheet(Stream stream, DetectedEncoding encoding, SheetGuard guard)
    {
        this.stream = stream;
        this.encoding = encoding;
        this.guard = guard;
    }

    public static Sheet Open(Stream stream, ReadBudget budget)
    {
        var file = budget.File;
        var encoding = TextEncodingDetector.Detect(stream)
            ?? throw new SpreadsheetRejectedException(FileFindings.UnknownEncoding(file));
        var name = InvisibleCharacters.Strip(file[(file.LastIndexOfAny(['/', '\\']) + 1)..]);

        // A new reader per enumeration, so the rows can be read again from the start.
        IEnumerable<SheetRow> Rows() => new CsvSheet(stream, encoding, new SheetGuard(name, budget)).ReadRows();
        return new Sheet(name, ContentFailures.Guard(Rows(), budget, () => FileFindings.Corrupt(file, name)));
    }

    private IEnumerable<SheetRow> ReadRows()
    {
        var delimiter = DetectDelimiter();
        using var text = OpenText();
        var buffer = new char[BufferChars];
        bool quoted = false, quotePending = false, recordStarted = false, skipLineFeed = false;
        int read;
        while ((read = text.Read(buffer, 0, buffer.Length)) > 0)
        {
            guard.Budget.Tick();
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (skipLineFeed)
                {
                    skipLineFeed = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                recordStarted = true;
                if (quoted)
                {
                    if (quotePending)
                    {
                        // A doubled quote is a quote; a single one closed the field, and c is read as unquoted.
                        quotePending = false;
                        if (c == '"')
                        {
                            Append(c);
                            continue;
                        }

                        quoted = false;
                    }
                    else
                    {
                        if (c == '"')
                        {
                            quotePending = true;
                        }
                        else
                        {
                            Append(c);
                        }

                        continue;
                    }
                }

                if (c == delimiter)
                {
                    EndField();
                }
                else if (c is '\r' or '\n')
                {
                    yield return EndRecord();
                    recordStarted = false;
                    skipLineFeed = c == '\r';
                }
                else if (c == '"' && !fieldStarted)
                {
                    quoted = fieldStarted = true;
                }
                else
                {
                    Append(c);
                }
            }
        }

        // The last record needs no line break; an unclosed quote runs to the end of the file, as in Excel.
        if (recordStarted)
        {
            yield return EndRecord();
        }
    }

    private void Append(char c)
    {
        // C0 controls other than tab, line feed, carriage return and form feed: a CSV that has one is damaged or no text.
        if (c < ' ' && c is not ('\t' or '\n' or '\r' or '\f'))
        {
            guard.RefuseControlCharacter(number, column, c);
        }

        fieldStarted = true;
        guard.CheckLength(number, column, field.Length + 1);
        field.Append(c);
    }

    private void EndField()
    {
        guard.CheckColumn(number, column);
        if (field.Length > 0 && Cell.FromText(field.ToString()) is { Kind: not CellKind.Empty } cell)
        {
            cells.Add(new CellSpan(column, column, cell));
        }

        column++;
        field.Clear();
        fieldStarted = false;
    }

    private SheetRow EndRecord()
    {
        EndField();
        guard.CountRow(number);
        var row = new SheetRow(number++, cells);
        // Rows of a file are alike: the next one likely holds as many cells.
        cells = new List<CellSpan>(cells.Count);
        column = 0;
        return row;
    }

    /// <summary>The most frequent of comma, tab and semicolon outside quotes on the first non-empty line; comma when none.</summary>
    private char DetectDelimiter()
    {
        using var text = OpenText();
        Span<int> counts = stackalloc int[Delimiters.Length];
        var quoted = false;
        var lineStarted = false;
        for (var scanned = 0; scanned < DelimiterScanChars; scanned++)
        {
            var next = text.Read();
            if (next < 0 || (!quoted && lineStarted && next is '\r' or '\n'))
            {
                break;
            }

            var c = (char)next;
            lineStarted |= c is not ('\r' or '\n');
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Array.IndexOf(Delimiters, c) is var index and >= 0)
            {
                counts[index]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return Delimiters[best];
    }

    private StreamReader OpenText()
    {
        stream.Position = encoding.ByteOrderMarkLength;
        return new StreamReader(stream, encoding.Encoding, detectEncodingFromByteOrderMarks: false, BufferChars, leaveOpen: true);
    }
}
