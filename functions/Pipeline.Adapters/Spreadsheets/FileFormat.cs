using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets;

internal enum SpreadsheetFormat
{
    Unknown,
    Xlsx,
    EncryptedXlsx,
    LegacyExcel,
    Csv,
}

/// <summary>
/// What an upload is, from its first bytes rather than its name (clerks rename files): a zip is an xlsx, an OLE compound
/// file is a legacy .xls or an encrypted xlsx, and only a file named .csv or .txt may be text.
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
            return NamesEncryptionInfo(stream) ? SpreadsheetFormat.EncryptedXlsx : SpreadsheetFormat.LegacyExcel;
        }

        return Path.GetExtension(fileName).ToUpperInvariant() is ".CSV" or ".TXT" ? SpreadsheetFormat.Csv : SpreadsheetFormat.Unknown;
    }

    /// <summary>
    /// A name scan, not a compound file parser: the directory sectors that name the streams sit at the start of the
    /// files Office writes, and the header says where the first one is.
    /// </summary>
    private static bool NamesEncryptionInfo(Stream stream)
    {
        var buffer = new byte[CompoundFileScanBytes];
        stream.Position = 0;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (buffer.AsSpan(0, read).IndexOf(EncryptionInfo) >= 0)
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
        return buffer.AsSpan(0, read).IndexOf(EncryptionInfo) >= 0;
    }
}
