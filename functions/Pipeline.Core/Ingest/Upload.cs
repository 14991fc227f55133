namespace Pipeline.Core.Ingest;

/// <summary>
/// One upload: its path, when storage recorded its content (Last-Modified), and its ETag. Uploads are ordered by that
/// time, ties by ETag, so the latest statement of a slice or ticket wins whatever order they are processed in.
/// </summary>
public sealed record Upload(string File, DateTimeOffset At, string ETag) : IComparable<Upload>
{
    public int CompareTo(Upload? other) =>
        other is null ? 1 : At != other.At ? At.CompareTo(other.At) : string.CompareOrdinal(ETag, other.ETag);

    /// <summary>True when this upload is a later statement than <paramref name="other"/> (an unknown upload is earliest).</summary>
    public bool IsLaterThan(Upload? other) => CompareTo(other) > 0;
}
