using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets;

internal enum SpreadsheetFormat
{
    Unknown,
    Xlsx,
    EncryptedXlsx,

    /// <summary>Excel 97–2003 (BIFF8 in an OLE compound file), also what WPS saves as .xls or .et.</summary>
    Xls,

    /// <summary>Excel 95 and earlier (BIFF2–5): read by nothing of ours; the clerk is told how to re-save it.</summary>
    OldExcel,
    Csv,
}

/// <summary>
/// What an upload is, from its first bytes rather than its name (clerks rename files): a zip is an xlsx, an OLE compound
/// file is an encrypted xlsx, a BIFF8 .xls or an older one, and only a file named .csv or .txt may be text.
/// </summary>
internal static class FileFormat
{
    /// <summary>How much of a compound file to search for the stream name, besides its first directory sector.</summary>
    private const int CompoundFileScanBytes = 64 * 1024;

    private static readonly byte[] ZipEntry = "PK\x03\x04"u8.ToArray();
    private static readonly byte[] EmptyZip = "PK\x05\x06"u8.ToArray();
    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Office stores a password-protected xlsx as a compound file with this stream (names are UTF-16).</summary>
    private static readonly byte[] EncryptionInfo = Encoding.Unicode.GetBytes("EncryptionInfo");

    /// <summary>Excel 95 named its workbook stream "Book" (Excel 97 on: "Workbook"); the name ends with a NUL character.</summary>
    private static readonly byte[] Book = Encoding.Unicode.GetBytes("Book\0");

    public static SpreadsheetFormat Detect(Stream stream, string fileName)
    {
        Span<byte> head = stackalloc byte[8];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (read == 0)
        {
            return SpreadsheetFormat.Unknown;
        }

        if (head.StartsWith(ZipEntry) || head.StartsWith(EmptyZip))
        {
            return SpreadsheetFormat.Xlsx;
        }

        if (head.SequenceEqual(CompoundFile))
        {
            // Anything else is read as BIFF8: what is not, or is damaged, the parser refuses.
            return Names(stream, EncryptionInfo) ? SpreadsheetFormat.EncryptedXlsx
                : Names(stream, Book) ? SpreadsheetFormat.OldExcel
                : SpreadsheetFormat.Xls;
        }

        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        // A bare BIFF stream starts with a BOF record (0x0009, 0x0209, 0x0409 or 0x0809): Excel 2.x to 4.x saved those.
        if (extension is ".XLS" or ".XLT" or ".ET" && read >= 2 && head[1] is 0x00 or 0x02 or 0x04 or 0x08 && head[0] == 0x09)
        {
            return SpreadsheetFormat.OldExcel;
        }

        return extension is ".CSV" or ".TXT" ? SpreadsheetFormat.Csv : SpreadsheetFormat.Unknown;
    }

    /// <summary>
    /// A name scan, not a compound file parser: the directory sectors that name the streams sit at the start of the
    /// files Office writes, and the header says where the first one is.
    /// </summary>
    private static bool Names(Stream stream, byte[] streamName)
    {
        var buffer = new byte[CompoundFileScanBytes];
        stream.Position = 0;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (buffer.AsSpan(0, read).IndexOf(streamName) >= 0)
        {
            return true;
        }

        // Sector size is 2^shift: 512 or 4096 bytes.
        var shift = read < 0x34 ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(0x1E));
        if (shift is not (9 or 12))
        {
            return false;
        }

        var sectorSize = 1 << shift;
        var directory = (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(0x30)) + 1L) * sectorSize;
        if (directory + sectorSize > stream.Length)
        {
            return false;
        }

        stream.Position = directory;
        read = stream.ReadAtLeast(buffer.AsSpan(0, sectorSize), sectorSize, throwOnEndOfStream: false);
        return buffer.AsSpan(0, read).IndexOf(streamName) >= 0;
    }
}
