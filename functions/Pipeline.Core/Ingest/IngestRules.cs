using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>Settings that change how rows are checked.</summary>
public sealed record IngestRules
{
    /// <summary>Findings listed per file at most; a file with more is still rejected, with a note saying so.</summary>
    public int MaxFindings { get; init; } = 1000;

    /// <summary>The latest month a file may state (the current Beijing month plus <see cref="MonthsAhead"/>); null: no limit.</summary>
    public string? LatestPeriod { get; init; }

    /// <summary>Months after the current one a file may already state.</summary>
    public int MonthsAhead { get; init; }

    /// <summary>Every upload must sit in a street's or the district's folder (the deployment turns this on).</summary>
    public bool RequireOwnerFolder { get; init; }

    /// <summary>Months one file may cover: all of them are switched in by one storage transaction (at most 100 entities).</summary>
    public int MaxPeriods { get; init; } = 100;

    public static IngestRules Default { get; } = new();

    /// <summary>These rules at <paramref name="now"/>: the latest month a file may state moves with the calendar.</summary>
    public IngestRules AsOf(DateTimeOffset now) => this with { LatestPeriod = Periods.Add(Periods.Of(now), MonthsAhead) };
}
