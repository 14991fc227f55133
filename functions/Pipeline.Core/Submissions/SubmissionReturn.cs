namespace Pipeline.Core.Submissions;

/// <summary>
/// 审核退回: the district sent a street's accepted submission back with a reason. It stands until the street's next
/// accepted upload for the obligation (one uploaded after <see cref="UploadedAt"/>); the returned file's rows stay in
/// the provisional figures until then.
/// </summary>
public sealed record SubmissionReturn(string StreetCode, string Obligation, string File, DateTimeOffset UploadedAt, string Reason, DateTimeOffset At)
{
    public const string MessageSubject = "submission.returned";

    /// <summary>The longest reason a reviewer may give: it goes into a message and onto the page, not into a letter.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Whether it still stands, given when the latest accepted upload for its street and obligation was made (null: none).</summary>
    public bool IsOpen(DateTimeOffset? latestAcceptedUpload) => latestAcceptedUpload is not { } latest || latest <= UploadedAt;

    /// <summary>The same street, obligation and file: returning it again changes nothing.</summary>
    public bool IsSameAs(SubmissionReturn other) =>
        StreetCode == other.StreetCode && Obligation == other.Obligation && File == other.File && UploadedAt == other.UploadedAt;
}
