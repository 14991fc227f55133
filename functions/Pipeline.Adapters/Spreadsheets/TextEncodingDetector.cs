using System.Buffers;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Finds the encoding of an uploaded CSV. A byte order mark decides; without one, UTF-8 when the whole file is valid
/// UTF-8, else GB18030 (a superset of GBK and GB2312, what Chinese Excel saves as "CSV"). Either way the whole file must
/// decode to plain text: NUL and other control characters mean a binary file, not a CSV.
/// </summary>
internal static class TextEncodingDetector
{
    private const int ChunkBytes = 64 * 1024;

    private static readonly (byte[] Mark, Encoding Encoding)[] ByteOrderMarks =
    [
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(false, throwOnInvalidBytes: true)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
    ];

    private static readonly Encoding Utf8 = ByteOrderMarks[0].Encoding;

    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(
        "GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    /// <summary>C0 controls other than tab, line feed, carriage return and form feed: text files do not have them.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, ' ').Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r' or '\f'))]);

    /// <summary>The encoding and the length of its byte order mark, or null when the stream is not text; the stream is left at its start.</summary>
    public static DetectedEncoding? Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[3];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        foreach (var (mark, encoding) in ByteOrderMarks)
        {
            if (head[..read].StartsWith(mark))
            {
                return IsPlainText(stream, mark.Length, encoding) ? new DetectedEncoding(encoding, mark.Length) : null;
            }
        }

        return IsPlainText(stream, 0, Utf8) ? new DetectedEncoding(Utf8, 0)
            : IsPlainText(stream, 0, Gb18030) ? new DetectedEncoding(Gb18030, 0)
            : null;
    }

    /// <summary>Decodes the whole stream strictly, without keeping it; the encodings throw on the first invalid byte.</summary>
    private static bool IsPlainText(Stream stream, int start, Encoding encoding)
    {
        var decoder = encoding.GetDecoder();
        var bytes = new byte[ChunkBytes];
        var chars = new char[encoding.GetMaxCharCount(ChunkBytes)];
        stream.Position = start;
        try
        {
            int read;
            do
            {
                read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                if (chars.AsSpan(0, count).ContainsAny(ControlCharacters))
                {
                    return false;
                }
            }
            while (read > 0);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            stream.Position = 0;
        }
    }
}

internal sealed record DetectedEncoding(Encoding Encoding, int ByteOrderMarkLength);
