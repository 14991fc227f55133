using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// The streams at the root of an OLE compound file (MS-CFB), read for an encrypted OOXML package and for a legacy .xls:
/// header, FAT through the DIFAT, directory, mini FAT and mini stream. Whatever the file claims, reading it costs at
/// most a few passes over its own sectors: every sector id is checked against the sectors the file has (not against
/// the FAT's length, which the file chooses), every chain is walked and checked for cycles before its buffer is
/// allocated, and no stream is larger than the file holding it. Every loop ticks the read budget. Damage is an
/// <see cref="InvalidDataException"/>, which the readers turn into <c>file.corrupt</c>.
/// </summary>
internal sealed class CompoundFile
{
    private const int HeaderBytes = 512;
    private const int DirectoryEntryBytes = 128;
    private const int MiniSectorBytes = 64;
    private const int HeaderDifatEntries = 109;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint NoStream = 0xFFFFFFFF;
    private const byte StreamObject = 2;
    private const byte RootStorage = 5;

    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly Stream file;
    private readonly ReadBudget budget;
    private readonly int sectorSize;

    /// <summary>Sectors after the header, a last one cut short included: the only ids a chain may name.</summary>
    private readonly long sectorCount;

    private uint[] fat = [];
    private List<DirectoryEntry> entries = [];
    private uint miniStreamCutoff;
    private uint firstMiniFatSector;

    private CompoundFile(Stream file, ReadBudget budget, int sectorSize)
    {
        this.file = file;
        this.budget = budget;
        this.sectorSize = sectorSize;
        sectorCount = Math.Max(0, (file.Length - 1) / sectorSize);
    }

    public static CompoundFile Open(Stream file, ReadBudget budget)
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

        var compound = new CompoundFile(file, budget, 1 << shift);
        // Counts the header states are refused when the file cannot hold them: they size what is read next.
        var fatSectors = ReadUInt32(header, 0x2C);
        var difatSectors = ReadUInt32(header, 0x48);
        if (fatSectors > compound.sectorCount || difatSectors > compound.sectorCount)
        {
            throw Damaged("FAT or DIFAT larger than the file");
        }

        compound.fat = compound.ReadFat(header, (int)fatSectors);
        compound.entries = compound.ReadDirectory(ReadUInt32(header, 0x30));
        compound.miniStreamCutoff = ReadUInt32(header, 0x38);
        compound.firstMiniFatSector = ReadUInt32(header, 0x3C);
        return compound;
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
            return ReadStream(Chain(entry.StartSector, entry.Size, sectorSize, fat, sectorCount), entry.Size, sectorSize, ReadSector);
        }

        // Small streams live in the mini stream: 64-byte sectors inside the root entry's own stream, chained by the mini FAT.
        var miniStream = ReadStream(Chain(root.StartSector, root.Size, sectorSize, fat, sectorCount), root.Size, sectorSize, ReadSector);
        var miniFatSectors = Chain(firstMiniFatSector, null, sectorSize, fat, sectorCount);
        var miniFat = ToUInt32s(ReadStream(miniFatSectors, (long)miniFatSectors.Count * sectorSize, sectorSize, ReadSector));
        var miniSectors = (miniStream.Length + MiniSectorBytes - 1) / MiniSectorBytes;
        return ReadStream(Chain(entry.StartSector, entry.Size, MiniSectorBytes, miniFat, miniSectors), entry.Size, MiniSectorBytes, (sector, buffer) =>
        {
            var offset = (long)sector * MiniSectorBytes;
            if (offset + buffer.Length > miniStream.Length)
            {
                throw Damaged("mini sector outside the mini stream");
            }

            miniStream.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
        });
    }

    private uint[] ReadFat(byte[] header, int fatSectors)
    {
        // The first 109 FAT sectors are listed in the header, the rest in a chain of DIFAT sectors. The count was held
        // to the file's sectors, and the DIFAT chain may not revisit a sector: a DIFAT sector naming itself ends here.
        var locations = new List<uint>(fatSectors);
        for (var i = 0; i < HeaderDifatEntries && locations.Count < fatSectors; i++)
        {
            locations.Add(ReadUInt32(header, 0x4C + (i * 4)));
        }

        var difat = ReadUInt32(header, 0x44);
        var buffer = new byte[sectorSize];
        var perSector = (sectorSize / 4) - 1;
        var visited = new BitArray((int)sectorCount);
        while (locations.Count < fatSectors)
        {
            budget.Tick();
            if (difat >= sectorCount || visited[(int)difat])
            {
                throw Damaged("DIFAT chain");
            }

            visited[(int)difat] = true;
            ReadSector(difat, buffer);
            for (var i = 0; i < perSector && locations.Count < fatSectors; i++)
            {
                locations.Add(ReadUInt32(buffer, i * 4));
            }

            difat = ReadUInt32(buffer, perSector * 4);
        }

        // At most as many entries as the file has bytes / 4: fatSectors is within the file's sector count.
        var entriesPerSector = sectorSize / 4;
        var table = new uint[(long)fatSectors * entriesPerSector];
        for (var i = 0; i < locations.Count; i++)
        {
            budget.Tick();
            ReadSector(locations[i], buffer);
            for (var j = 0; j < entriesPerSector; j++)
            {
                table[(i * entriesPerSector) + j] = ReadUInt32(buffer, j * 4);
            }
        }

        return table;
    }

    private List<DirectoryEntry> ReadDirectory(uint firstSector)
    {
        // The chain has no stated size: it is cut at the file's sectors, so there are at most file size / 128 entries.
        var sectors = Chain(firstSector, null, sectorSize, fat, sectorCount);
        var bytes = ReadStream(sectors, (long)sectors.Count * sectorSize, sectorSize, ReadSector);
        var entries = new List<DirectoryEntry>(bytes.Length / DirectoryEntryBytes);
        for (var offset = 0; offset + DirectoryEntryBytes <= bytes.Length; offset += DirectoryEntryBytes)
        {
            budget.Tick();
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
            budget.Tick();
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
    /// The sectors of a chain from <paramref name="start"/>, walked and checked before anything is allocated for its
    /// bytes: each id below <paramref name="available"/> (the units the file or mini stream has) and within
    /// <paramref name="table"/>, none twice. For a known <paramref name="size"/>, exactly the sectors it needs; else
    /// to its end, which the no-revisit rule puts within <paramref name="available"/> steps.
    /// </summary>
    private List<uint> Chain(uint start, long? size, int unit, uint[] table, long available)
    {
        var needed = size is { } bytes ? (bytes + unit - 1) / unit : long.MaxValue;
        if (size is not null && needed > available)
        {
            throw Damaged("stream larger than the file");
        }

        var sectors = new List<uint>((int)Math.Min(size is null ? 16 : needed, 4096));
        var seen = new BitArray((int)Math.Min(available, table.Length));
        for (var sector = start; sectors.Count < needed && sector != EndOfChain; sector = table[sector])
        {
            budget.Tick();
            if (sector >= seen.Length)
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

        if (size is not null && sectors.Count < needed)
        {
            throw Damaged("sector chain shorter than its stream");
        }

        return sectors;
    }

    /// <summary>The <paramref name="size"/> bytes of a checked chain: its buffer is allocated only now, at most the file's size.</summary>
    private byte[] ReadStream(List<uint> sectors, long size, int unit, ReadUnit read)
    {
        if (size > Array.MaxLength || size > (long)sectors.Count * unit)
        {
            throw Damaged("stream larger than its chain");
        }

        var result = new byte[size];
        for (var i = 0; i < sectors.Count; i++)
        {
            budget.Tick();
            var offset = (long)i * unit;
            read(sectors[i], result.AsSpan((int)offset, (int)Math.Min(unit, size - offset)));
        }

        return result;
    }

    /// <summary>Reads the start of <paramref name="sector"/> into <paramref name="buffer"/> (a whole sector, or a stream's last part of one).</summary>
    private void ReadSector(uint sector, Span<byte> buffer)
    {
        if (sector >= sectorCount)
        {
            throw Damaged("sector outside the file");
        }

        file.Position = (sector + 1L) * sectorSize;
        if (file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw Damaged("sector cut short");
        }
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);

    private uint[] ToUInt32s(byte[] bytes)
    {
        var values = new uint[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            budget.Tick();
            values[i] = ReadUInt32(bytes, i * 4);
        }

        return values;
    }

    private static InvalidDataException Damaged(string what) => new($"Compound file: {what}.");

    private delegate void ReadUnit(uint sector, Span<byte> buffer);

    private sealed record DirectoryEntry(string Name, byte Type, uint Left, uint Right, uint Child, uint StartSector, long Size);
}
