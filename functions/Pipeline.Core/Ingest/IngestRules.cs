namespace Pipeline.Core.Ingest;

/// <summary>Settings that change how rows are checked.</summary>
public sealed record IngestRules
{
    /// <summary>Weight of 基本满意 in the satisfaction rate; rate columns in counts sheets are checked with it.</summary>
    public double BasicSatisfiedWeight { get; init; } = 0.9;

    /// <summary>Largest difference between a written rate and the rate the counts give (0.01 %).</summary>
    public double RateTolerance { get; init; } = 0.0001;

    /// <summary>Findings listed per file at most; a file with more is still rejected, with a note saying so.</summary>
    public int MaxFindings { get; init; } = 1000;

    public static IngestRules Default { get; } = new();
}
