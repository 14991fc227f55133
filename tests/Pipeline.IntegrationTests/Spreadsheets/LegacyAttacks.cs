using System.Buffers.Binary;
using Pipeline.Testing.Spreadsheets;
using Pipeline.Testing.Spreadsheets.Encryption;
using static Pipeline.Testing.Spreadsheets.BiffWriter;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// Hostile legacy workbooks built from the formats' rules (MS-CFB, MS-XLS), each a few kilobytes to a few megabytes
/// that once cost gigabytes or minutes, and the finding each must end in instead.
/// </summary>
internal static class LegacyAttacks
{
    /// <summary>Every attack by name, with the finding code it must end in; the CLI test runs each in a child process.</summary>
    public static IReadOnlyDictionary<string, (Func<byte[]> Build, string Code)> All { get; } = new Dictionary<string, (Func<byte[]>, string)>
    {
        ["difat-claims-2^31-1-sectors-and-names-itself"] = (DifatClaimingBillionsOfSectors, "file.corrupt"),
        ["difat-chain-cycle"] = (DifatCycle, "file.corrupt"),
        ["one-sheet-named-by-430-boundsheets"] = (() => SheetNamedManyTimes(430, lastRowLabel: false), "file.too-complex"),
        ["label-at-row-65535-named-by-2000-sheets"] = (() => SheetNamedManyTimes(2_000, lastRowLabel: true), "file.too-complex"),
        ["two-sheets-at-one-offset"] = (() => SheetNamedManyTimes(2, lastRowLabel: true), "file.corrupt"),
        ["dimensions-claim-2147483647-rows"] = (DimensionsBeyondTheGrid, "file.corrupt"),
        ["million-sector-fat-chain"] = (MillionSectorChain, "file.corrupt"),
        ["sst-unique-count-beyond-its-bytes"] = (SstCountingBeyondItsBytes, "file.corrupt"),
        ["sst-string-stepping-backwards"] = (SstSteppingBackwards, "file.corrupt"),
        ["encrypted-xlsx-sector-past-the-file-inside-the-fat"] = (EncryptedPackageSectorPastTheFile, "file.corrupt"),
    };

    /// <summary>An .xls holding <paramref name="workbookStream"/> as its Workbook stream.</summary>
    public static byte[] Xls(byte[] workbookStream) => CompoundFileWriter.Write(("Workbook", workbookStream)).Bytes;

    public static byte[] OneSheet(params byte[][] records) => Workbook([], [new BiffSheet("Sheet1", records)]);

    /// <summary>The header claims 2^31 − 1 DIFAT sectors (the count is a signed 32-bit field); the one it names lists itself as the next.</summary>
    public static byte[] DifatClaimingBillionsOfSectors()
    {
        var file = Xls(OneSheet(DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "街道")));
        var difat = (uint)((file.Length / CompoundFileLayout.SectorBytes) - 1);
        Array.Resize(ref file, file.Length + CompoundFileLayout.SectorBytes);
        var sector = CompoundFileLayout.Sector(file, (int)difat);
        sector.Fill(0xFF);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[^4..], difat);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x44), difat);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x48), int.MaxValue);
        return file;
    }

    /// <summary>237 FAT sectors need two DIFAT sectors past the header's 109; the first names itself as the next.</summary>
    public static byte[] DifatCycle()
    {
        var directory = CompoundFileLayout.DirectorySector(("Workbook", CompoundFileLayout.EndOfChain, 0));
        var file = CompoundFileLayout.Build([directory], 237 * 128, i => i == 0 ? CompoundFileLayout.EndOfChain : CompoundFileLayout.FreeSector, 0);
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x44));
        BinaryPrimitives.WriteUInt32LittleEndian(CompoundFileLayout.Sector(file, (int)firstDifat)[^4..], firstDifat);
        return file;
    }

    /// <summary>One worksheet that <paramref name="names"/> BOUNDSHEET records all name: read once per name, it would cost that many times.</summary>
    public static byte[] SheetNamedManyTimes(int names, bool lastRowLabel)
    {
        byte[][] records = lastRowLabel
            ? [DimensionsRecord(65_535, 65_536, 0, 1), LabelRecord(65_535, 0, "末行")]
            : [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "街道")];
        return Xls(Workbook([], [new BiffSheet("S", records)], [.. Enumerable.Repeat(0, names)]));
    }

    public static byte[] DimensionsBeyondTheGrid() => Xls(OneSheet(DimensionsRecord(0, int.MaxValue, 0, 1), LabelRecord(0, 0, "街道")));

    /// <summary>
    /// A 4 MB file whose FAT (a million entries, listed through the DIFAT) chains sectors 0, 1, 2 … 999,999: the directory
    /// starts at 0, so its chain runs far past the file's 7,876 sectors.
    /// </summary>
    public static byte[] MillionSectorChain()
    {
        const int chain = 1_000_000;
        var directory = CompoundFileLayout.DirectorySector(("Workbook", CompoundFileLayout.EndOfChain, 0));
        return CompoundFileLayout.Build([directory], chain, i => i + 1 < chain ? (uint)(i + 1) : CompoundFileLayout.EndOfChain, 0);
    }

    /// <summary>An SST declaring 2^31 − 1 unique strings in a dozen bytes: one empty string whose extension size steps back over itself.</summary>
    public static byte[] SstCountingBeyondItsBytes() => SstWith(int.MaxValue, SteppingBack);

    /// <summary>An honest count of one, but the string's extension size (as the parser takes it, −7) steps back to its own start.</summary>
    public static byte[] SstSteppingBackwards() => SstWith(1, SteppingBack);

    /// <summary>The encrypted-xlsx path: a FAT entry naming sector 100, inside the FAT's 128 entries but past the file's last sector.</summary>
    public static byte[] EncryptedPackageSectorPastTheFile()
    {
        var package = SheetFiles.Xlsx(w => w.AddSheet("Sheet1").WriteRow("街道", "社区"));
        var image = OfficeEncryptor.Standard(package, "VelvetSweatshop").ToCompoundFile();
        return image.SetFatEntry(image.StartSector("EncryptedPackage"), 100).Bytes;
    }

    /// <summary>cch 0, flags "extended", cbExtRst 0xFFFFFFF9.</summary>
    private static byte[] SteppingBack => [0x00, 0x00, 0x04, 0xF9, 0xFF, 0xFF, 0xFF];

    private static byte[] SstWith(uint unique, byte[] raw) =>
        Xls(Workbook([SstRecord(unique, [], raw)], [new BiffSheet("Sheet1", [DimensionsRecord(0, 1, 0, 1), LabelSstRecord(0, 0, 0)])]));
}
