using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Testing.Spreadsheets.Encryption;

/// <summary>
/// Writes an OLE compound file (MS-CFB version 3, 512-byte sectors) holding streams at its root, as Office lays out an
/// encrypted package: a real FAT, a directory tree, streams under 4096 bytes in the mini stream through the mini FAT,
/// larger ones in regular sectors. Up to 109 FAT sectors (about 7 MB), so no DIFAT.
/// </summary>
public static class CompoundFileWriter
{
    public const int SectorBytes = 512;
    public const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint NoStream = 0xFFFFFFFF;
    private const int MiniSectorBytes = 64;
    private const int MiniStreamCutoff = 4096;
    private const int EntriesPerSector = SectorBytes / 128;
    private const int FatEntriesPerSector = SectorBytes / 4;

    public static CompoundFileImage Write(params (string Name, byte[] Data)[] streams)
    {
        // Siblings must form a binary search tree ordered by name length, then upper-cased name: a right-leaning chain is one.
        var sorted = streams.OrderBy(s => s.Name.Length).ThenBy(s => s.Name.ToUpperInvariant(), StringComparer.Ordinal).ToArray();
        var small = sorted.Where(s => s.Data.Length < MiniStreamCutoff).ToArray();
        var large = sorted.Where(s => s.Data.Length >= MiniStreamCutoff).ToArray();

        var miniSectors = small.Sum(s => Count(s.Data.Length, MiniSectorBytes));
        var miniStreamBytes = miniSectors * MiniSectorBytes;
        var directorySectors = Count(sorted.Length + 1, EntriesPerSector);
        var miniFatSectors = Count(miniSectors * 4, SectorBytes);
        var miniStreamSectors = Count(miniStreamBytes, SectorBytes);
        var rest = directorySectors + miniFatSectors + miniStreamSectors + large.Sum(s => Count(s.Data.Length, SectorBytes));
        var fatSectors = 1;
        while (Count(fatSectors + rest, FatEntriesPerSector) > fatSectors)
        {
            fatSectors++;
        }

        if (fatSectors > 109)
        {
            throw new ArgumentException("Streams too large for a compound file without DIFAT.", nameof(streams));
        }

        var total = fatSectors + rest;
        var fat = new uint[fatSectors * FatEntriesPerSector];
        Array.Fill(fat, FreeSector);
        var next = 0u;
        uint Allocate(int sectors)
        {
            if (sectors == 0)
            {
                return EndOfChain;
            }

            var first = next;
            for (var i = 0; i < sectors; i++, next++)
            {
                fat[next] = i == sectors - 1 ? EndOfChain : next + 1;
            }

            return first;
        }

        for (var i = 0; i < fatSectors; i++)
        {
            fat[next++] = FatSector;
        }

        var directoryStart = Allocate(directorySectors);
        var miniFatStart = Allocate(miniFatSectors);
        var miniStreamStart = Allocate(miniStreamSectors);
        var bytes = new byte[(total + 1) * SectorBytes];
        var image = new CompoundFileImage(bytes, fatSectors, (int)directoryStart);

        var miniFat = new uint[miniFatSectors * FatEntriesPerSector];
        Array.Fill(miniFat, FreeSector);
        var miniNext = 0;
        var starts = new Dictionary<string, (uint Start, bool Mini)>();
        foreach (var (name, data) in small)
        {
            var count = Count(data.Length, MiniSectorBytes);
            starts[name] = (count == 0 ? EndOfChain : (uint)miniNext, true);
            data.CopyTo(bytes, ((int)miniStreamStart + 1) * SectorBytes + (miniNext * MiniSectorBytes));
            for (var i = 0; i < count; i++, miniNext++)
            {
                miniFat[miniNext] = i == count - 1 ? EndOfChain : (uint)miniNext + 1;
            }
        }

        foreach (var (name, data) in large)
        {
            var start = Allocate(Count(data.Length, SectorBytes));
            starts[name] = (start, false);
            data.CopyTo(bytes, ((int)start + 1) * SectorBytes);
        }

        WriteHeader(bytes, fatSectors, directoryStart, miniFatStart, miniFatSectors);
        WriteTable(bytes, 1, fat);
        WriteTable(bytes, (int)miniFatStart + 1, miniFat);
        var directory = ((int)directoryStart + 1) * SectorBytes;
        WriteEntry(bytes, directory, "Root Entry", 5, child: sorted.Length > 0 ? 1u : NoStream, right: NoStream, miniStreamSectors == 0 ? EndOfChain : miniStreamStart, miniStreamBytes);
        for (var i = 0; i < sorted.Length; i++)
        {
            var (name, data) = sorted[i];
            WriteEntry(bytes, directory + ((i + 1) * 128), name, 2, child: NoStream, right: i + 1 < sorted.Length ? (uint)(i + 2) : NoStream, starts[name].Start, data.Length);
        }

        for (var i = sorted.Length + 1; i < directorySectors * EntriesPerSector; i++)
        {
            WriteEntry(bytes, directory + (i * 128), "", 0, NoStream, NoStream, 0, 0);
        }

        return image;
    }

    private static void WriteHeader(byte[] bytes, int fatSectors, uint directoryStart, uint miniFatStart, int miniFatSectors)
    {
        var header = bytes.AsSpan(0, SectorBytes);
        WriteHeaderFields(header, fatSectors, directoryStart, miniFatStart, miniFatSectors);
        for (var i = 0; i < 109; i++)
        {
            // The FAT occupies the first sectors.
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (i * 4))..], i < fatSectors ? (uint)i : FreeSector);
        }
    }

    /// <summary>The header fields of a version 3 file (512-byte sectors) up to its DIFAT: the caller lists the FAT's sectors.</summary>
    internal static void WriteHeaderFields(Span<byte> header, int fatSectors, uint directoryStart, uint miniFatStart, int miniFatSectors)
    {
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteInt32LittleEndian(header[0x2C..], fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], directoryStart);
        BinaryPrimitives.WriteInt32LittleEndian(header[0x38..], MiniStreamCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], miniFatSectors == 0 ? EndOfChain : miniFatStart);
        BinaryPrimitives.WriteInt32LittleEndian(header[0x40..], miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain);
    }

    private static void WriteTable(byte[] bytes, int firstSectorOffset, uint[] table)
    {
        for (var i = 0; i < table.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((firstSectorOffset * SectorBytes) + (i * 4)), table[i]);
        }
    }

    private static void WriteEntry(byte[] bytes, int offset, string name, byte type, uint child, uint right, uint start, long size)
    {
        var entry = bytes.AsSpan(offset, 128);
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(name.Length == 0 ? 0 : nameBytes.Length + 2));
        entry[0x42] = type;
        entry[0x43] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], start);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[0x78..], (ulong)size);
    }

    private static int Count(int bytes, int unit) => (bytes + unit - 1) / unit;
}
