namespace Pipeline.Core.Sheets;

/// <summary>
/// What reading one upload may cost, at most, whatever its format and whichever parser reads it. Each limit is checked
/// inside the loop whose count the file controls, so a file over one is refused as soon as it gets there, never after.
/// The values sit far above any workbook a clerk or an export system produces and far below what would hurt the worker.
/// </summary>
public sealed record SpreadsheetLimits
{
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    public int MaxRows { get; init; } = 1_000_000;

    /// <summary>Excel's own limit for one cell.</summary>
    public int MaxCellCharacters { get; init; } = 32_767;

    /// <summary>Sum of the declared uncompressed sizes of an xlsx's parts.</summary>
    public long MaxUncompressedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Uncompressed / compressed size of any one part; real workbooks stay well below 100.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>How long one read of a file may take whatever its size: the deadline's floor.</summary>
    public TimeSpan MinReadTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How much longer a read may take for each megabyte of the file, on top of <see cref="MinReadTime"/>.</summary>
    public TimeSpan ReadTimePerMegabyte { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sheets a workbook may list (Excel's default is 1; the largest real workbooks have dozens).</summary>
    public int MaxSheets { get; init; } = 256;

    /// <summary>Entries of an xlsx's shared string table, or of an .xls's SST.</summary>
    public int MaxSharedStrings { get; init; } = 2_000_000;

    /// <summary>Characters of all shared strings together: the table is held in memory while the sheet is read.</summary>
    public long MaxSharedStringCharacters { get; init; } = 64L * 1024 * 1024;

    /// <summary>Merged ranges in one sheet.</summary>
    public int MaxMergedRanges { get; init; } = 100_000;

    /// <summary>Cell formats (xlsx cellXfs, .xls XF records): Excel itself allows 64,000.</summary>
    public int MaxCellStyles { get; init; } = 65_536;

    /// <summary>Number formats a workbook defines: Excel allows some 250 custom ones.</summary>
    public int MaxNumberFormats { get; init; } = 4_096;

    /// <summary>Nesting of XML elements in any part: a worksheet nests about seven deep.</summary>
    public int MaxXmlDepth { get; init; } = 64;

    /// <summary>Cells one row may list, Excel's grid width (a row listing the same cell again counts again).</summary>
    public int MaxCellsPerRow { get; init; } = 16_384;

    /// <summary>The deadline for one read of a file of <paramref name="bytes"/>: the floor plus a share per megabyte.</summary>
    public TimeSpan ReadTime(long bytes) => MinReadTime + (ReadTimePerMegabyte * (Math.Max(0, bytes) / (1024.0 * 1024)));

    public static SpreadsheetLimits Default { get; } = new();
}
