using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Testing.Spreadsheets;

/// <summary>
/// Lays out an OLE compound file (MS-CFB version 3, 512-byte sectors) sector by sector with whatever FAT a hostile test
/// needs, consistent or not: the given data sectors first (ids 0, 1, …), then the FAT sectors, then the DIFAT sectors
/// listing the FAT sectors past the header's 109. Nothing is checked: that is the reader's job.
/// </summary>
public static class CompoundFileLayout
{
    public const int SectorBytes = 512;
    public const uint EndOfChain = 0xFFFFFFFE;
    public const uint FreeSector = 0xFFFFFFFF;
    public const uint NoStream = 0xFFFFFFFF;
    private const int EntriesPerSector = SectorBytes / 4;
    private const int HeaderDifatEntries = 109;

    /// <param name="dataSectors">Sectors 0, 1, … as written (each at most 512 bytes).</param>
    /// <param name="fatEntries">How many FAT entries to write: the FAT takes that many / 128 sectors.</param>
    /// <param name="fatEntry">The FAT entry of each sector id below <paramref name="fatEntries"/>.</param>
    /// <param name="directoryStart">The first directory sector.</param>
    public static byte[] Build(IReadOnlyList<byte[]> dataSectors, int fatEntries, Func<int, uint> fatEntry, uint directoryStart)
    {
        var data = dataSectors.Count;
        var fatSectors = (fatEntries + EntriesPerSector - 1) / EntriesPerSector;
        var difatSectors = fatSectors > HeaderDifatEntries ? (fatSectors - HeaderDifatEntries + EntriesPerSector - 2) / (EntriesPerSector - 1) : 0;
        var bytes = new byte[(1L + data + fatSectors + difatSectors) * SectorBytes];
        var header = bytes.AsSpan(0, SectorBytes);
        Encryption.CompoundFileWriter.WriteHeaderFields(header, fatSectors, directoryStart, EndOfChain, miniFatSectors: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], difatSectors > 0 ? (uint)(data + fatSectors) : EndOfChain);
        BinaryPrimitives.WriteInt32LittleEndian(header[0x48..], difatSectors);
        for (var i = 0; i < HeaderDifatEntries; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (i * 4))..], i < fatSectors ? (uint)(data + i) : FreeSector);
        }

        for (var d = 0; d < difatSectors; d++)
        {
            var sector = Sector(bytes, data + fatSectors + d);
            for (var j = 0; j < EntriesPerSector - 1; j++)
            {
                var fatIndex = HeaderDifatEntries + (d * (EntriesPerSector - 1)) + j;
                BinaryPrimitives.WriteUInt32LittleEndian(sector[(j * 4)..], fatIndex < fatSectors ? (uint)(data + fatIndex) : FreeSector);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(sector[^4..], d + 1 < difatSectors ? (uint)(data + fatSectors + d + 1) : EndOfChain);
        }

        for (var i = 0; i < fatSectors * EntriesPerSector; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(Sector(bytes, data + (i / EntriesPerSector))[(i % EntriesPerSector * 4)..], i < fatEntries ? fatEntry(i) : FreeSector);
        }

        for (var i = 0; i < data; i++)
        {
            dataSectors[i].CopyTo(Sector(bytes, i));
        }

        return bytes;
    }

    /// <summary>A directory sector: a root storage whose child is entry 1, then the streams, each the right sibling of the one before.</summary>
    public static byte[] DirectorySector(params (string Name, uint Start, uint Size)[] streams)
    {
        var sector = new byte[SectorBytes];
        Entry(sector.AsSpan(0, 128), "Root Entry", 5, streams.Length > 0 ? 1u : NoStream, NoStream, EndOfChain, 0);
        for (var i = 0; i < streams.Length && i < 3; i++)
        {
            Entry(sector.AsSpan((i + 1) * 128, 128), streams[i].Name, 2, NoStream, i + 1 < streams.Length ? (uint)(i + 2) : NoStream, streams[i].Start, streams[i].Size);
        }

        return sector;
    }

    public static Span<byte> Sector(byte[] file, int id) => file.AsSpan((id + 1) * SectorBytes, SectorBytes);

    private static void Entry(Span<byte> entry, string name, byte type, uint child, uint right, uint start, uint size)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(nameBytes.Length + 2));
        entry[0x42] = type;
        entry[0x43] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x78..], size);
    }
}
