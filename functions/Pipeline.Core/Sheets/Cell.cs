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
/// <param name="Shown">
/// What a number cell shows under a plain number format: "2020.10" for the number 2020.1 formatted 0.00, "000123" for
/// 123 formatted 000000. Null where the number shows as written (General) or the reader knows no format (CSV).
/// </param>
public readonly record struct Cell(CellKind Kind, string Text, string? Shown = null)
{
    public static readonly Cell Empty = new(CellKind.Empty, "");

    /// <summary>The text as the clerk sees it in the cell: what its format shows, else its value.</summary>
    public string Display => Shown ?? Text;

    /// <summary>A number as written, with what its format shows.</summary>
    public static Cell Number(string text, string? shown) => new(CellKind.Number, text, shown);

    public bool IsEmpty => Kind == CellKind.Empty || string.IsNullOrWhiteSpace(Text);

    /// <summary>
    /// A text cell: every reader makes its text cells here, so none keeps an <see cref="InvisibleCharacters">invisible
    /// character</see> or a lone surrogate (<see cref="WellFormedText"/>).
    /// </summary>
    public static Cell FromText(string? text) =>
        InvisibleCharacters.Strip(WellFormedText.Repair(text)) is { Length: > 0 } visible ? new(CellKind.Text, visible) : Empty;
}
