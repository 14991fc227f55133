using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>Files an attacker or a damaged disk could upload, built byte by byte.</summary>
internal static class HostileFiles
{
    /// <summary>The first bytes of a 1×1 PNG: a picture renamed to .xlsx or .csv.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>
    /// A workbook whose sheet part is <paramref name="uncompressedBytes"/> of repeated rows, deflated to a sliver. It is
    /// written in chunks, so neither the test nor the package ever holds the inflated part.
    /// </summary>
    public static byte[] ZipBomb(long uncompressedBytes) =>
        ZipParts.Replace(SheetFiles.Xlsx(w => w.WriteRow("x")), SheetFiles.WorksheetPart, part =>
        {
            part.Write(Encoding.UTF8.GetBytes($"""<worksheet xmlns="{SheetFiles.MainNamespace}"><sheetData>"""));
            var rows = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("""<row><c t="inlineStr"><is><t>x</t></is></c></row>""", 20_000)));
            for (long written = 0; written < uncompressedBytes; written += rows.Length)
            {
                part.Write(rows);
            }

            part.Write("</sheetData></worksheet>"u8);
        }, CompressionLevel.SmallestSize);

    /// <summary>Rewrites the uncompressed size an entry declares, in its local header and in the central directory.</summary>
    public static byte[] WithDeclaredSize(byte[] zip, string entryName, uint declaredBytes)
    {
        var patched = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        var found = 0;
        for (var at = 0; at < patched.Length - 46; at++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(at));
            var (sizeAt, nameAt) = signature switch
            {
                0x04034b50 => (at + 22, at + 30),
                0x02014b50 => (at + 24, at + 46),
                _ => (-1, -1),
            };
            if (sizeAt > 0 && patched.AsSpan(nameAt).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(sizeAt), declaredBytes);
                found++;
            }
        }

        Assert.Equal(2, found);
        return patched;
    }

    /// <summary>Where an entry's compressed data starts: after its local header, name and extra field.</summary>
    public static int DataOffset(byte[] zip, string entryName)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var at = 0; ; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == 0x04034b50 && zip.AsSpan(at + 30).StartsWith(name))
            {
                return at + 30 + name.Length + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            }
        }
    }

    /// <summary>A zip that is a Word document, not a workbook.</summary>
    public static byte[] DocxLike()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, xml) in new[]
            {
                ("[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"""),
                ("word/document.xml", """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"""),
            })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(xml));
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A minimal OLE compound file whose directory, in sector <paramref name="directorySector"/>, names a root and one
    /// stream: "EncryptionInfo" is how Office stores a password-protected xlsx, "Workbook" is a legacy .xls.
    /// </summary>
    public static byte[] CompoundFile(string streamName, int directorySector = 0)
    {
        const int sectorSize = 512;
        var file = new byte[sectorSize * (directorySector + 2)];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x18), 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1A), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1C), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1E), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x20), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x30), (uint)directorySector);
        var directory = sectorSize * (directorySector + 1);
        WriteDirectoryEntry(file.AsSpan(directory), "Root Entry", type: 5);
        WriteDirectoryEntry(file.AsSpan(directory + 128), streamName, type: 2);
        return file;
    }

    private static void WriteDirectoryEntry(Span<byte> entry, string name, byte type)
    {
        Encoding.Unicode.GetBytes(name).CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)((name.Length + 1) * 2));
        entry[0x42] = type;
    }
}
