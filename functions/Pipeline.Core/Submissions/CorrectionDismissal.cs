namespace Pipeline.Core.Submissions;

/// <summary>
/// A correction that arrived while its period was closed, which the district decided not to apply: it no longer waits
/// for a reopen, and a replay leaves it out. The upload is named by path and upload time, so the same path uploaded
/// again is a new correction.
/// </summary>
public sealed record CorrectionDismissal(string File, DateTimeOffset UploadedAt, string Reason, DateTimeOffset At)
{
    public bool Covers(string file, DateTimeOffset uploadedAt) => File == file && UploadedAt == uploadedAt;
}
