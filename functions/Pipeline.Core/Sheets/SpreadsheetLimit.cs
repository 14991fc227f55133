namespace Pipeline.Core.Sheets;

/// <summary>The counts in <see cref="SpreadsheetLimits"/> that make a file too complex to read, as findings name them.</summary>
public enum SpreadsheetLimit
{
    Sheets,
    SharedStrings,
    SharedStringCharacters,
    MergedRanges,
    CellStyles,
    NumberFormats,
    XmlDepth,
    CellsPerRow,
}
