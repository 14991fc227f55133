namespace Pipeline.Core.Submissions;

/// <summary>Where one street's obligation for one period stands, as the district office reads it.</summary>
public enum SubmissionStatus
{
    /// <summary>未报: nothing yet, before the deadline.</summary>
    NotSubmitted,

    /// <summary>已报: accepted by the deadline.</summary>
    OnTime,

    /// <summary>逾期已报: first accepted after the deadline.</summary>
    Late,

    /// <summary>已退回: refused, and nothing accepted since, before the deadline.</summary>
    Returned,

    /// <summary>逾期未报: nothing accepted and the deadline has passed.</summary>
    Overdue,

    /// <summary>已更正: accepted again after a first acceptance.</summary>
    Corrected,
}

public static class SubmissionStatusNames
{
    public static string Chinese(this SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotSubmitted => "未报",
        SubmissionStatus.OnTime => "已报",
        SubmissionStatus.Late => "逾期已报",
        SubmissionStatus.Returned => "已退回",
        SubmissionStatus.Overdue => "逾期未报",
        _ => "已更正",
    };

    /// <summary>The code in JSON: not-submitted, on-time, late, returned, overdue, corrected.</summary>
    public static string Code(this SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotSubmitted => "not-submitted",
        SubmissionStatus.OnTime => "on-time",
        SubmissionStatus.Late => "late",
        SubmissionStatus.Returned => "returned",
        SubmissionStatus.Overdue => "overdue",
        _ => "corrected",
    };
}
