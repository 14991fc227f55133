namespace Pipeline.Core.Sheets;

public enum CellKind
{
    Empty,
    Text,
    Number,
    Date,

    /// <summary>A time of day ("08:30:00") or a duration ("35:10:10"), as the cell's format shows it: no date.</summary>
    Time,
    Boolean,
    Error,
}

/// <summary>
/// One cell as the reader found it. <see cref="Text"/> is always set: numbers in invariant culture ("1234.5"),
/// dates and date-times as ISO 8601 ("2020-12-01" or "2020-12-01T08:30:00"), times of day and durations as their
/// format shows them ("08:30:00", "35:10:10"), booleans "TRUE"/"FALSE",
/// errors as Excel shows them ("#N/A").
/// </summary>
public readonly record struct Cell(CellKind Kind, string Text)
{
    public static readonly Cell Empty = new(CellKind.Empty, "");

    public bool IsEmpty => Kind == CellKind.Empty || string.IsNullOrWhiteSpace(Text);

    /// <summary>A text cell: every reader makes its text cells here, so none keeps an <see cref="InvisibleCharacters">invisible character</see>.</summary>
    public static Cell FromText(string? text) =>
        InvisibleCharacters.Strip(text) is { Length: > 0 } visible ? new(CellKind.Text, visible) : Empty;
}
