using System.Globalization;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>Cell addresses ("AB12") and ranges ("A1:D1"), parsed without trusting their length or values.</summary>
internal static class CellReference
{
    public static bool TryParse(ReadOnlySpan<char> text, out int column, out int row)
    {
        column = -1;
        row = 0;
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters]))
        {
            letters++;
        }

        // Three letters reach XFD; more would overflow the arithmetic and are not Excel's anyway.
        if (letters is 0 or > 3)
        {
            return false;
        }

        column = ColumnName.ToIndex(text[..letters]);
        var digits = text[letters..];
        return column < SheetGuard.MaxColumns
            && digits.Length is > 0 and <= 7
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out row)
            && row is >= 1 and <= SheetGuard.MaxRowNumber;
    }

    public static bool TryParseRange(ReadOnlySpan<char> text, out CellRange range)
    {
        range = default;
        var colon = text.IndexOf(':');
        if (colon < 0
            || !TryParse(text[..colon], out var firstColumn, out var firstRow)
            || !TryParse(text[(colon + 1)..], out var lastColumn, out var lastRow))
        {
            return false;
        }

        range = new CellRange(
            Math.Min(firstRow, lastRow), Math.Min(firstColumn, lastColumn), Math.Max(firstRow, lastRow), Math.Max(firstColumn, lastColumn));
        return true;
    }
}

internal readonly record struct CellRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn);
