namespace Pipeline.Core.Sheets;

/// <summary>What an upload may be, at most. Anything beyond is rejected before it is read further.</summary>
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

    /// <summary>How long a legacy .xls may take to read, whose parser is not ours: a file that takes longer is refused.</summary>
    public TimeSpan MaxLegacyReadTime { get; init; } = TimeSpan.FromSeconds(60);

    public static SpreadsheetLimits Default { get; } = new();
}
