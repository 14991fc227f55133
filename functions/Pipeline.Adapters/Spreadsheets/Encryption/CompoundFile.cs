using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets.Encryption;

/// <summary>
/// The streams at the root of an OLE compound file (MS-CFB), read just far enough for an encrypted OOXML package:
/// header, FAT through the DIFAT, directory, mini FAT and mini stream. Every sector number is checked against the file,
/// every chain is cut at the file's sector count (a longer chain is a cycle), and a stream is never larger than the
/// file holding it. Damage is an <see cref="InvalidDataException"/>, which the readers turn into <c>file.corrupt</c>.
/// </summary>
internal sealed class CompoundFile
{
    private const int HeaderBytes = 512;
    private const int DirectoryEntryBytes = 128;
    private const uint MaxRegularSector = 0xFFFFFFFA;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint NoStream = 0xFFFFFFFF;
    private const byte StreamObject = 2;
    private const byte RootStorage = 5;

    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly Stream file;
    private readonly int sectorSize;
    private readonly long sectorCount;
    private readonly uint[] fat;
    private readonly uint miniStreamCutoff;
    private readonly uint firstMiniFatSector;
    private readonly List<DirectoryEntry> entries;

    private CompoundFile(Stream file, int sectorSize, long sectorCount, uint[] fat, uint miniStreamCutoff, uint firstMiniFatSector, List<DirectoryEntry> entries)
    {
        this.file = file;
        this.sectorSize = sectorSize;
        this.sectorCount = sectorCount;
        this.fat = fat;
        this.miniStreamCutoff = miniStreamCutoff;
        this.firstMiniFatSector = firstMiniFatSector;
        this.entries = entries;
    }

    public static CompoundFile Open(Stream file)
    {
        var header = new byte[HeaderBytes];
        file.Position = 0;
        if (file.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes || !header.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw Damaged("no compound file header");
        }

        var shift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
        var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x20));
        if (shift is not (9 or 12) || miniShift != 6)
        {
            throw Damaged("sector sizes");
        }

        var sectorSize = 1 << shift;
        // The header takes the whole first sector; a last sector cut short counts, and is refused when read.
        var sectorCount = (file.Length - 1) / sectorSize;
        var fatSectors = ReadUInt32(header, 0x2C);
        if (fatSectors > sectorCount)
        {
            throw Damaged("FAT larger than the file");
        }

        var partial = new CompoundFile(file, sectorSize, sectorCount, [], 0, 0, []);
        var fat = partial.ReadFat(header, (int)fatSectors);
        partial = new CompoundFile(file, sectorSize, sectorCount, fat, 0, 0, []);
        var entries = partial.ReadDirectory(ReadUInt32(header, 0x30));
        return new CompoundFile(file, sectorSize, sectorCount, fat, ReadUInt32(header, 0x38), ReadUInt32(header, 0x3C), entries);
    }

    /// <summary>The bytes of the stream named <paramref name="name"/> at the root, or null when there is none.</summary>
    /// <param name="maxBytes">Larger streams are damage: no stream the caller wants is ever that large.</param>
    public byte[]? ReadRootStream(string name, long maxBytes)
    {
        var root = entries[0];
        var entry = RootChildren(root).FirstOrDefault(e => e.Type == StreamObject && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }

        if (entry.Size > maxBytes)
        {
            throw Damaged($"stream {name} too large");
        }

        if (entry.Size >= miniStreamCutoff)
        {
            return ReadChain(entry.StartSector, entry.Size, sectorSize, fat, ReadSector);
        }

        // Small streams live in the mini stream: 64-byte sectors inside the root entry's own stream, chained by the mini FAT.
        var miniStream = ReadChain(root.StartSector, root.Size, sectorSize, fat, ReadSector);
        var miniFat = ToUInt32s(ReadChain(firstMiniFatSector, null, sectorSize, fat, ReadSector));
        return ReadChain(entry.StartSector, entry.Size, 64, miniFat, (sector, buffer) =>
        {
            var offset = (long)sector * 64;
            if (offset + 64 > miniStream.Length)
            {
                throw Damaged("mini sector outside the mini stream");
            }

            miniStream.AsSpan((int)offset, 64).CopyTo(buffer);
        });
    }

    private uint[] ReadFat(byte[] header, int fatSectors)
    {
        // The first 109 FAT sectors are listed in the header, the rest in a chain of DIFAT sectors.
        var locations = new List<uint>(fatSectors);
        for (var i = 0; i < 109 && locations.Count < fatSectors; i++)
        {
            locations.Add(ReadUInt32(header, 0x4C + (i * 4)));
        }

        var difat = ReadUInt32(header, 0x44);
        var buffer = new byte[sectorSize];
        var perSector = (sectorSize / 4) - 1;
        for (long hops = 0; locations.Count < fatSectors; hops++)
        {
            if (hops > sectorCount)
            {
                throw Damaged("DIFAT cycle");
            }

            ReadSector(difat, buffer);
            for (var i = 0; i < perSector && locations.Count < fatSectors; i++)
            {
                locations.Add(ReadUInt32(buffer, i * 4));
            }

            difat = ReadUInt32(buffer, perSector * 4);
        }

        var fat = new uint[(long)fatSectors * (sectorSize / 4)];
        for (var i = 0; i < locations.Count; i++)
        {
            ReadSector(locations[i], buffer);
            ToUInt32s(buffer).CopyTo(fat, i * (sectorSize / 4));
        }

        return fat;
    }

    private List<DirectoryEntry> ReadDirectory(uint firstSector)
    {
        var bytes = ReadChain(firstSector, null, sectorSize, fat, ReadSector);
        var entries = new List<DirectoryEntry>(bytes.Length / DirectoryEntryBytes);
        for (var offset = 0; offset + DirectoryEntryBytes <= bytes.Length; offset += DirectoryEntryBytes)
        {
            var entry = bytes.AsSpan(offset, DirectoryEntryBytes);
            var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
            // The length counts the terminating NUL; 0 is an unused entry.
            var name = nameBytes is >= 2 and <= 64 ? Encoding.Unicode.GetString(entry[..(nameBytes - 2)]) : "";
            var size = BinaryPrimitives.ReadUInt64LittleEndian(entry[0x78..]);
            if (sectorSize == 512)
            {
                // Version 3 files: the high half is undefined (some writers leave garbage there).
                size &= uint.MaxValue;
            }

            entries.Add(new DirectoryEntry(name, entry[0x42], ReadUInt32(entry, 0x44), ReadUInt32(entry, 0x48), ReadUInt32(entry, 0x4C), ReadUInt32(entry, 0x74), size > long.MaxValue ? long.MaxValue : (long)size));
        }

        if (entries.Count == 0 || entries[0].Type != RootStorage)
        {
            throw Damaged("no root entry");
        }

        return entries;
    }

    /// <summary>The root's children: a binary tree through the left and right siblings of its child, each visited once.</summary>
    private IEnumerable<DirectoryEntry> RootChildren(DirectoryEntry root)
    {
        var visited = new bool[entries.Count];
        var pending = new Stack<uint>();
        pending.Push(root.Child);
        while (pending.TryPop(out var id))
        {
            if (id == NoStream)
            {
                continue;
            }

            if (id >= entries.Count || visited[id])
            {
                throw Damaged("directory tree");
            }

            visited[id] = true;
            var entry = entries[(int)id];
            yield return entry;
            pending.Push(entry.Left);
            pending.Push(entry.Right);
        }
    }

    /// <summary>
    /// Follows a chain from <paramref name="start"/>: for a known <paramref name="size"/>, exactly the sectors it needs,
    /// else to its end.
    /// </summary>
    private static byte[] ReadChain(uint start, long? size, int unit, uint[] table, Action<uint, byte[]> read)
    {
        var sectors = new List<uint>();
        var limit = table.Length;
        var seen = new BitArray(limit);
        var needed = size is { } bytes ? (bytes + unit - 1) / unit : long.MaxValue;
        if (size is not null && needed > limit)
        {
            throw Damaged("stream larger than the file");
        }

        for (var sector = start; sectors.Count < needed && sector != EndOfChain; sector = table[sector])
        {
            if (sector > MaxRegularSector || sector >= limit)
            {
                throw Damaged("sector outside the file");
            }

            // A sector met twice is a cycle, which would otherwise repeat until the stated size was filled or forever.
            if (seen[(int)sector])
            {
                throw Damaged("sector chain cycle");
            }

            seen[(int)sector] = true;
            sectors.Add(sector);
        }

        if (sectors.Count < needed && size is not null)
        {
            throw Damaged("sector chain shorter than its stream");
        }

        var result = new byte[size ?? (long)sectors.Count * unit];
        var buffer = new byte[unit];
        for (var i = 0; i < sectors.Count; i++)
        {
            read(sectors[i], buffer);
            var offset = (long)i * unit;
            buffer.AsSpan(0, (int)Math.Min(unit, result.Length - offset)).CopyTo(result.AsSpan((int)offset));
        }

        return result;
    }

    private void ReadSector(uint sector, byte[] buffer)
    {
        if (sector > MaxRegularSector || sector >= sectorCount)
        {
            throw Damaged("sector outside the file");
        }

        file.Position = (sector + 1L) * sectorSize;
        if (file.ReadAtLeast(buffer, sectorSize, throwOnEndOfStream: false) < sectorSize)
        {
            throw Damaged("sector cut short");
        }
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);

    private static uint[] ToUInt32s(byte[] bytes)
    {
        var values = new uint[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadUInt32(bytes, i * 4);
        }

        return values;
    }

    private static InvalidDataException Damaged(string what) => new($"Compound file: {what}.");

    private sealed record DirectoryEntry(string Name, byte Type, uint Left, uint Right, uint Child, uint StartSector, long Size);
}
