using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// A row of a form, read and checked: its period, street and community, its key inside its slice, and each column's
/// value by key (<see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, <see cref="DateTime"/>; absent when
/// blank). <see cref="Value"/> is what expressions read.
/// </summary>
public sealed record FormRow(string Form, int SourceRow, string Period, string StreetCode, CommunityRef? Community, string Key, IReadOnlyDictionary<string, object> Values)
{
    public string? Explanation { get; init; }

    public object? Value(string column) => Values.GetValueOrDefault(column);
}
