using System.Text;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Finds the encoding of an uploaded CSV, or says there is none it can trust. A byte order mark decides (UTF-8, UTF-16
/// LE or BE). Without one, UTF-8 when the whole file is valid UTF-8, else GB18030 (a superset of GBK and GB2312: what
/// Excel on Chinese Windows saves as "CSV") when the whole file decodes and <see cref="ReadsAsChinese">reads as
/// Chinese</see>; anything else is refused rather than accepted as mis-decoded text. Control characters are the CSV
/// reader's concern, which can name their row and column.
/// </summary>
internal static class TextEncodingDetector
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// At least this share of GB18030's multi-byte sequences must lie in GB2312's area (see <see cref="ReadsAsChinese"/>),
    /// so a roster of hundreds of hanzi may keep a few rare ones from GBK's extension (names of people and places).
    /// </summary>
    private const double MinCommonChineseShare = 0.9;

    private static readonly (byte[] Mark, Encoding Encoding)[] ByteOrderMarks =
    [
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(false, throwOnInvalidBytes: true)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
    ];

    private static readonly Encoding Utf8 = ByteOrderMarks[0].Encoding;

    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(
        "GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    /// <summary>The encoding and the length of its byte order mark, or null when the stream is no text of ours; the stream is left at its start.</summary>
    public static DetectedEncoding? Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[3];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        foreach (var (mark, encoding) in ByteOrderMarks)
        {
            if (head[..read].StartsWith(mark))
            {
                return Decodes(stream, mark.Length, encoding) ? new DetectedEncoding(encoding, mark.Length) : null;
            }
        }

        return IsMostlyNul(stream) ? null
            : Decodes(stream, 0, Utf8) ? new DetectedEncoding(Utf8, 0)
            : Decodes(stream, 0, Gb18030) && ReadsAsChinese(stream) ? new DetectedEncoding(Gb18030, 0)
            : null;
    }

    /// <summary>
    /// UTF-16 without a byte order mark (every other byte of ASCII text is NUL) or a binary file, not text with a stray
    /// NUL: a quarter of the first bytes being NUL is no CSV in any encoding we read.
    /// </summary>
    private static bool IsMostlyNul(Stream stream)
    {
        var bytes = new byte[ChunkBytes];
        stream.Position = 0;
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return bytes.AsSpan(0, read).Count((byte)0) * 4 >= read;
    }

    /// <summary>Decodes the whole stream strictly, without keeping it; the encodings throw on the first invalid byte.</summary>
    private static bool Decodes(Stream stream, int start, Encoding encoding)
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
                decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
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

    /// <summary>
    /// Whether a file that decodes as GB18030 is Chinese rather than another encoding mis-read. GB18030 gives almost
    /// every byte sequence a meaning, so decoding proves little: Latin-1 "Entrée" decodes as "Entr閑". Chinese text
    /// from Excel is GBK (code page 936), and its characters, hanzi and full-width punctuation alike, lie almost all in
    /// GB2312's area, where a pair's first byte is 0xA1–0xA9 (symbols) or 0xB0–0xF7 (hanzi) and its second 0xA1–0xFE.
    /// Mis-read text does not: a Latin-1 or Windows-1252 accented letter before an ASCII letter makes a pair of GBK's
    /// rare-character extension (second byte below 0xA1), 0xAA–0xAF and 0xF8–0xFE begin user-defined (private use)
    /// characters, and a four-byte sequence is a character outside GBK, which Excel never writes. So at least
    /// <see cref="MinCommonChineseShare"/> of the multi-byte sequences must be in GB2312's area. Called only on a file
    /// that decoded, so every lead byte (0x81–0xFE) has its trail bytes.
    /// </summary>
    private static bool ReadsAsChinese(Stream stream)
    {
        long common = 0, other = 0;
        var lead = -1;
        var skip = 0;
        var bytes = new byte[ChunkBytes];
        stream.Position = 0;
        int read;
        while ((read = stream.Read(bytes)) > 0)
        {
            foreach (var b in bytes.AsSpan(0, read))
            {
                if (skip > 0)
                {
                    skip--;
                }
                else if (lead >= 0)
                {
                    var gb2312 = lead is (>= 0xA1 and <= 0xA9) or (>= 0xB0 and <= 0xF7) && b >= 0xA1;
                    common += gb2312 ? 1 : 0;
                    other += gb2312 ? 0 : 1;
                    // A digit second byte starts a four-byte sequence: two more bytes belong to it.
                    skip = b is >= 0x30 and <= 0x39 ? 2 : 0;
                    lead = -1;
                }
                else if (b >= 0x81)
                {
                    lead = b;
                }
            }
        }

        stream.Position = 0;
        return common >= MinCommonChineseShare * (common + other);
    }
}

internal sealed record DetectedEncoding(Encoding Encoding, int ByteOrderMarkLength);
