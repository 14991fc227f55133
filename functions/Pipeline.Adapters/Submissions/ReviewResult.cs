namespace Pipeline.Adapters.Submissions;

/// <summary>What a return or a dismissal by the district did.</summary>
public enum ReviewResult
{
    /// <summary>Recorded now.</summary>
    Recorded,

    /// <summary>Recorded by an earlier run: nothing new recorded, its notice and page completed.</summary>
    AlreadyRecorded,

    /// <summary>Nothing to return (no accepted file stands) or to dismiss (no such correction waits).</summary>
    NothingToReview,

    /// <summary>The period is closed: reopen it before returning a submission.</summary>
    PeriodClosed,
}
