using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.IntegrationTests.Cli;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.LegacyAttacks;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;
using static Pipeline.Testing.Spreadsheets.BiffWriter;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// A legacy .xls, and the compound file of an encrypted xlsx, cost a bounded amount whatever their bytes: each attack
/// ends in its finding (never another exception, an out-of-memory or minutes of CPU), in process and in the CLI under
/// a 1 GB heap.
/// </summary>
public sealed class LegacyBudgetTests
{
    public static TheoryData<string> Attacks => [.. All.Keys];

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Each_attack_ends_in_its_finding(string attack)
    {
        var (build, code) = All[attack];

        Assert.Equal(code, Rejection(build(), "攻击.xls").Code);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Each_attack_ends_in_its_finding_in_the_cli_under_a_1_gb_heap(string attack)
    {
        var (build, code) = All[attack];

        Assert.Contains(code, await HeapLimitedValidate.CodesAsync(build(), "攻击.xls"));
    }

    [Fact]
    public void A_crafted_workbook_reads_its_visible_worksheets_only_with_merges_past_row_32768()
    {
        var file = Xls(Workbook([], [
            new BiffSheet("台账", [DimensionsRecord(0, 40_002, 0, 4), LabelRecord(0, 0, "街道"), NumberRecord(0, 1, 12.5), LabelRecord(40_000, 0, "合并"), LabelRecord(40_001, 3, "旁"), MergeCellsRecord((40_000, 40_001, 0, 2))]),
            new BiffSheet("隐藏", [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "hidden")], Visibility: 1),
            new BiffSheet("很隐藏", [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "very hidden")], Visibility: 2),
            new BiffSheet("图表", [], Type: 2),
            new BiffSheet("第二", [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "二")]),
        ]));

        var sheets = ReadAll(file, "台账.xls");

        Assert.Equal(["台账", "第二"], sheets.Select(s => s.Name));
        Assert.Equal(["街道", "12.5"], sheets[0].Row(1).Texts());
        Assert.Equal(["合并", "合并", "合并"], sheets[0].Row(40_001).Texts());
        Assert.Equal(["合并", "合并", "合并", "旁"], sheets[0].Row(40_002).Texts());
        Assert.Equal(["二"], sheets[1].Row(1).Texts());
    }

    [Fact]
    public void A_later_sheet_reads_without_the_earlier_ones_being_held()
    {
        var file = Xls(Workbook([], [
            new BiffSheet("一", [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "a")]),
            new BiffSheet("二", [DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "b")]),
        ]));

        var sheets = SpreadsheetReaderSheets(file);

        Assert.Equal(["b"], sheets[1].Rows.Single().Texts());
        Assert.Equal(["a"], sheets[0].Rows.Single().Texts());
        Assert.Equal(["b"], sheets[1].Rows.Single().Texts());
    }

    [Theory]
    [InlineData(1_000, 0, "file.too-complex")]
    [InlineData(0, 1_000, "file.too-complex")]
    public void Cell_formats_and_number_formats_are_counted(int styles, int formats, string code)
    {
        var limits = SpreadsheetLimits.Default with { MaxCellStyles = 999, MaxNumberFormats = 999 };
        byte[][] globals = [.. Enumerable.Repeat(Record(Xf, new byte[20]), styles), .. Enumerable.Range(0, formats).Select(i => Record(Format, [(byte)i, (byte)(i >> 8), 1, 0, 0, (byte)'0']))];

        Assert.Equal(code, Rejection(Xls(Workbook(globals, [new BiffSheet("S", [DimensionsRecord(0, 1, 0, 1)])])), "样式.xls", limits).Code);
    }

    [Fact]
    public void Shared_strings_are_held_to_their_count_and_characters()
    {
        var file = Xls(Workbook([SstRecord(3, ["一", "二二", "三三三"])], [new BiffSheet("S", [DimensionsRecord(0, 1, 0, 1), LabelSstRecord(0, 0, 2)])]));

        Assert.Equal(["三三三"], ReadAll(file, "串.xls")[0].Row(1).Texts());
        Assert.Equal(FileFindings.TooComplex("串.xls", null, null, SpreadsheetLimit.SharedStrings, 2), Rejection(file, "串.xls", SpreadsheetLimits.Default with { MaxSharedStrings = 2 }));
        Assert.Equal(FileFindings.TooComplex("串.xls", null, null, SpreadsheetLimit.SharedStringCharacters, 5), Rejection(file, "串.xls", SpreadsheetLimits.Default with { MaxSharedStringCharacters = 5 }));
    }

    [Fact]
    public void Merged_ranges_are_counted_per_sheet_and_held_to_the_grid()
    {
        var ranges = Enumerable.Range(0, 11).Select(i => ((ushort)i, (ushort)i, (ushort)0, (ushort)1)).ToArray();
        var many = Xls(OneSheet(DimensionsRecord(0, 11, 0, 2), MergeCellsRecord(ranges)));
        var wide = Xls(OneSheet(DimensionsRecord(0, 1, 0, 1), MergeCellsRecord((0, 0, 0, 300))));

        Assert.Equal(FileFindings.TooComplex("并.xls", "Sheet1", null, SpreadsheetLimit.MergedRanges, 10), Rejection(many, "并.xls", SpreadsheetLimits.Default with { MaxMergedRanges = 10 }));
        Assert.Equal("file.corrupt", Rejection(wide, "并.xls").Code);
    }

    [Fact]
    public void Cells_beyond_the_grid_and_sheets_not_at_a_bof_are_damage()
    {
        var wideCell = Xls(OneSheet(DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 256, "右")));
        var wideDimensions = Xls(OneSheet(DimensionsRecord(0, 1, 0, 257)));
        var stream = OneSheet(DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "街道"));
        // The BOUNDSHEET's offset moved one record on, past the sheet's BOF.
        var offset = BitConverter.ToUInt32(stream, 20 + 4);
        BitConverter.GetBytes(offset + 20).CopyTo(stream, 20 + 4);

        Assert.Equal("file.corrupt", Rejection(wideCell, "宽.xls").Code);
        Assert.Equal("file.corrupt", Rejection(wideDimensions, "宽.xls").Code);
        Assert.Equal("file.corrupt", Rejection(Xls(stream), "偏.xls").Code);
    }

    [Fact]
    public void An_xls_with_filepass_is_refused_as_encrypted()
    {
        var file = Xls(Workbook([Record(FilePass, new byte[54])], [new BiffSheet("S", [DimensionsRecord(0, 1, 0, 1)])]));

        Assert.Equal(FileFindings.Encrypted("密.xls"), Rejection(file, "密.xls"));
    }

    [Fact]
    public void A_workbook_stream_claiming_2_gib_is_damage_before_anything_is_allocated()
    {
        var stream = OneSheet(DimensionsRecord(0, 1, 0, 1), LabelRecord(0, 0, "街道"));
        var image = Testing.Spreadsheets.Encryption.CompoundFileWriter.Write(("Workbook", stream));

        Assert.Equal("file.corrupt", Rejection(image.SetStreamSize("Workbook", 0x7FFF_FFFF).Bytes, "大.xls").Code);
    }

    [Fact]
    public void An_encrypted_xlsx_stream_within_the_fat_but_past_the_file_is_damage()
    {
        // One FAT sector covers 128 sectors (64 KB); the file has far fewer: the size is held to the file, not the FAT.
        var package = Xlsx(w => w.AddSheet("Sheet1").WriteRow("街道"));
        var image = Testing.Spreadsheets.Encryption.OfficeEncryptor.Standard(package, "VelvetSweatshop").ToCompoundFile();
        Assert.True(image.Bytes.Length < 60_000);

        Assert.Equal("file.corrupt", Rejection(image.SetStreamSize("EncryptedPackage", 60_000).Bytes, "加密.xlsx").Code);
    }

    private static IReadOnlyList<Sheet> SpreadsheetReaderSheets(byte[] file) =>
        [.. Pipeline.Adapters.Spreadsheets.SpreadsheetReader.Read(new MemoryStream(file), "懒.xls", SpreadsheetLimits.Default)];
}
