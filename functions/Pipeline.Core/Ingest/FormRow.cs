using System.Globalization;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// A row of a form, read and checked: its period, street and community, its key inside its slice, and each column's
/// value by key (<see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, <see cref="DateTime"/>; absent when
/// blank). <see cref="Value"/> is what expressions read. <see cref="KeyColumn"/> is the column that names the row to a
/// clerk (the last of the key it was identified by), where a duplicate's finding points.
/// </summary>
public sealed record FormRow(string Form, int SourceRow, string Period, string StreetCode, CommunityRef? Community, string Key, IReadOnlyDictionary<string, object> Values)
{
    /// <summary>What the clerk wrote in the row's 说明/备注 column; it confirms a plausibility warning. Not stored.</summary>
    public string? Explanation { get; init; }

    public string? KeyColumn { get; init; }

    public object? Value(string column) => Values.GetValueOrDefault(column);

    /// <summary>How a clerk knows the row: its key column's value as text.</summary>
    public string KeyText => KeyColumn is not null && Value(KeyColumn) is { } value ? TextOf(value) : Key;

    /// <summary>A value as key text: numbers round-trip, yes/no as 1/0, times in ISO 8601.</summary>
    public static string TextOf(object value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        DateTime t => t.ToString("s", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
