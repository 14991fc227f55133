using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Testing.Spreadsheets.Encryption;

/// <summary>A compound file as <see cref="CompoundFileWriter"/> laid it out, with the handles hostile tests need to damage it.</summary>
public sealed class CompoundFileImage(byte[] bytes, int fatSectors, int directoryStart)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>Points the FAT entry of <paramref name="sector"/> at <paramref name="next"/> (a cycle, a sector past the end).</summary>
    public CompoundFileImage SetFatEntry(uint sector, uint next)
    {
        if (sector >= fatSectors * CompoundFileWriter.SectorBytes / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(sector));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(CompoundFileWriter.SectorBytes + ((int)sector * 4)), next);
        return this;
    }

    /// <summary>The first sector of the stream <paramref name="name"/> (a mini sector for small streams).</summary>
    public uint StartSector(string name) => BinaryPrimitives.ReadUInt32LittleEndian(Entry(name)[0x74..]);

    public CompoundFileImage SetStartSector(string name, uint sector)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Entry(name)[0x74..], sector);
        return this;
    }

    public CompoundFileImage SetStreamSize(string name, ulong size)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Entry(name)[0x78..], size);
        return this;
    }

    private Span<byte> Entry(string name)
    {
        var directory = (directoryStart + 1) * CompoundFileWriter.SectorBytes;
        var wanted = Encoding.Unicode.GetBytes(name);
        for (var offset = directory; offset + 128 <= Bytes.Length; offset += 128)
        {
            var entry = Bytes.AsSpan(offset, 128);
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]) == wanted.Length + 2 && entry[..wanted.Length].SequenceEqual(wanted))
            {
                return entry;
            }
        }

        throw new ArgumentException($"No stream {name}.", nameof(name));
    }
}
