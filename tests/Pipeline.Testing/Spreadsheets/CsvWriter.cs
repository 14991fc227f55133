using System.Text;

namespace Pipeline.Testing.Spreadsheets;

/// <summary>Writes rows as CSV the way Excel saves them: CRLF line ends, fields quoted only when they need it.</summary>
public static class CsvWriter
{
    /// <summary>GB18030, which covers GBK: what Chinese Excel writes for "CSV (comma delimited)".</summary>
    public static Encoding Gb18030 { get; } = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;

    public static byte[] ToBytes(IEnumerable<string?[]> rows, Encoding? encoding = null, bool byteOrderMark = false, char delimiter = ',')
    {
        using var stream = new MemoryStream();
        Write(stream, rows, encoding, byteOrderMark, delimiter);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="rows"/> to <paramref name="stream"/> (UTF-8 unless told), which stays open.</summary>
    public static void Write(Stream stream, IEnumerable<string?[]> rows, Encoding? encoding = null, bool byteOrderMark = false, char delimiter = ',')
    {
        encoding ??= new UTF8Encoding(false);
        if (byteOrderMark)
        {
            stream.Write(ByteOrderMark(encoding));
        }

        using var writer = new StreamWriter(stream, WithoutPreamble(encoding), leaveOpen: true);
        foreach (var row in rows)
        {
            writer.Write(string.Join(delimiter, row.Select(field => Quote(field ?? "", delimiter))));
            writer.Write("\r\n");
        }
    }

    private static string Quote(string field, char delimiter) =>
        field.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static byte[] ByteOrderMark(Encoding encoding) => encoding switch
    {
        UTF8Encoding => new UTF8Encoding(true).GetPreamble(),
        UnicodeEncoding => new UnicodeEncoding(IsBigEndian(encoding), byteOrderMark: true).GetPreamble(),
        _ => encoding.GetPreamble(),
    };

    /// <summary>The byte order mark is written (or not) on purpose above; StreamWriter would add its own.</summary>
    private static Encoding WithoutPreamble(Encoding encoding) => encoding switch
    {
        UTF8Encoding => new UTF8Encoding(false),
        UnicodeEncoding => new UnicodeEncoding(IsBigEndian(encoding), byteOrderMark: false),
        _ => encoding,
    };

    private static bool IsBigEndian(Encoding encoding) => encoding.CodePage == Encoding.BigEndianUnicode.CodePage;
}
