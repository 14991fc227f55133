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

    /// <summary>未通过校验: refused by the rules, and nothing accepted since, before the deadline.</summary>
    Refused,

    /// <summary>逾期未报: nothing accepted and the deadline has passed.</summary>
    Overdue,

    /// <summary>已更正: accepted again after a first acceptance.</summary>
    Corrected,

    /// <summary>已退回 (人工): the district sent the accepted file back (审核退回), and nothing accepted since.</summary>
    ReturnedByDistrict,
}

public static class SubmissionStatusNames
{
    public static string Chinese(this SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotSubmitted => "未报",
        SubmissionStatus.OnTime => "已报",
        SubmissionStatus.Late => "逾期已报",
        SubmissionStatus.Refused => "未通过校验",
        SubmissionStatus.Overdue => "逾期未报",
        SubmissionStatus.Corrected => "已更正",
        SubmissionStatus.ReturnedByDistrict => "已退回 (人工)",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The code in JSON: not-submitted, on-time, late, refused, overdue, corrected, returned-by-district.</summary>
    public static string Code(this SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotSubmitted => "not-submitted",
        SubmissionStatus.OnTime => "on-time",
        SubmissionStatus.Late => "late",
        SubmissionStatus.Refused => "refused",
        SubmissionStatus.Overdue => "overdue",
        SubmissionStatus.Corrected => "corrected",
        SubmissionStatus.ReturnedByDistrict => "returned-by-district",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
