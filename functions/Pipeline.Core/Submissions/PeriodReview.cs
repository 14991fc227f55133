using System.Text.Json.Serialization;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>
/// The district's own decisions on a period's submissions: what it sent back (审核退回) and which late corrections it
/// dismissed. Kept with the period's closing, so a close and a return are ordered against each other.
/// </summary>
public sealed record PeriodReview(IReadOnlyList<SubmissionReturn> Returns, IReadOnlyList<CorrectionDismissal> Dismissals)
{
    public static PeriodReview None { get; } = new([], []);

    [JsonIgnore]
    public bool IsEmpty => Returns.Count == 0 && Dismissals.Count == 0;

    /// <summary>With <paramref name="returned"/> added; null when that very file was returned already.</summary>
    public PeriodReview? Return(SubmissionReturn returned) =>
        Returns.Any(r => r.IsSameAs(returned)) ? null : this with { Returns = [.. Returns, returned] };

    /// <summary>With <paramref name="dismissal"/> added; null when that upload was dismissed already.</summary>
    public PeriodReview? Dismiss(CorrectionDismissal dismissal) =>
        Dismissals.Any(d => d.Covers(dismissal.File, dismissal.UploadedAt)) ? null : this with { Dismissals = [.. Dismissals, dismissal] };

    public CorrectionDismissal? DismissalOf(string file, DateTimeOffset uploadedAt) => Dismissals.LastOrDefault(d => d.Covers(file, uploadedAt));

    /// <summary>
    /// The returns that still stand, the latest per street and obligation, given when each street's latest accepted
    /// upload for an obligation was made.
    /// </summary>
    public IReadOnlyList<SubmissionReturn> Open(Func<string, string, DateTimeOffset?> latestAcceptedUpload) =>
        [.. Returns.GroupBy(r => (r.StreetCode, r.Obligation)).Select(g => g.MaxBy(r => r.At)!)
            .Where(r => r.IsOpen(latestAcceptedUpload(r.StreetCode, r.Obligation)))
            .OrderBy(r => r.StreetCode, StringComparer.Ordinal).ThenBy(r => r.Obligation, StringComparer.Ordinal)];

    /// <summary>
    /// The returns that still stand against the slices current now, each with the upload that stated it (null for data
    /// stored before uploads were ordered): what a close checks, under the same ETag as the close itself.
    /// </summary>
    public IReadOnlyList<SubmissionReturn> OpenAgainst(IReadOnlyCollection<(SliceKey Slice, Upload? Upload)> current) =>
        Open((street, obligation) => Standing(current, street, Obligation.Parse(obligation))?.At);

    /// <summary>The upload that stands for a street's obligation: the latest of the current slices of its kinds.</summary>
    public static Upload? Standing(IReadOnlyCollection<(SliceKey Slice, Upload? Upload)> current, string streetCode, Obligation obligation) =>
        current.Where(c => c.Slice.StreetCode == streetCode && obligation.Forms.Contains(c.Slice.Form) && c.Upload is not null)
            .Select(c => c.Upload!).MaxBy(u => u.At);
}
