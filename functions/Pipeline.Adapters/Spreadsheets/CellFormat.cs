namespace Pipeline.Adapters.Spreadsheets;

/// <summary>What a cell's number format makes of its number: a date or time, or how a plain number is shown.</summary>
internal readonly record struct CellFormat(Temporal Temporal, NumberDisplay? Display)
{
    public static CellFormat General { get; } = new(Temporal.None, null);

    /// <summary>A custom code decides when there is one; otherwise the built-in id.</summary>
    public static CellFormat Of(int formatId, string? code) =>
        new(CellStyles.Classify(formatId, code), code is not null ? NumberDisplay.Parse(code) : NumberDisplay.BuiltIn(formatId));
}
