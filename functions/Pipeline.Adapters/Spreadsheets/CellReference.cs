using System.Globalization;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

internal enum AddressParse
{
    Ok,

    /// <summary>Not an address at all ("1A", "A", "A-1").</summary>
    Invalid,

    /// <summary>Letters and digits, but beyond Excel's grid (XFD1048577, AAAA1, A99999999999, A0).</summary>
    OutOfRange,
}

/// <summary>Cell addresses ("AB12"), row numbers and ranges ("A1:D1"), parsed without trusting their length or values.</summary>
internal static class CellReference
{
    /// <summary>The grid's last cell, as findings name it.</summary>
    public static readonly string LastCell = ColumnName.FromIndex(SheetGuard.MaxColumns - 1) + SheetGuard.MaxRowNumber.ToString(CultureInfo.InvariantCulture);

    public static AddressParse Parse(ReadOnlySpan<char> text, out int column, out int row)
    {
        column = -1;
        row = 0;
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters]))
        {
            letters++;
        }

        if (letters == 0)
        {
            return AddressParse.Invalid;
        }

        var parsedRow = ParseRow(text[letters..], out row);
        if (parsedRow == AddressParse.Invalid)
        {
            return AddressParse.Invalid;
        }

        // Three letters reach XFD; more would overflow the arithmetic and are beyond the grid anyway.
        column = letters > 3 ? int.MaxValue : ColumnName.ToIndex(text[..letters]);
        return column < SheetGuard.MaxColumns ? parsedRow : AddressParse.OutOfRange;
    }

    /// <summary>A row number as a &lt;row r="…"&gt; or the digits of an address give it: 1 to 1,048,576.</summary>
    public static AddressParse ParseRow(ReadOnlySpan<char> digits, out int row)
    {
        row = 0;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return AddressParse.Invalid;
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out row) && row is >= 1 and <= SheetGuard.MaxRowNumber
            ? AddressParse.Ok
            : AddressParse.OutOfRange;
    }

    public static bool TryParseRange(ReadOnlySpan<char> text, out CellRange range)
    {
        range = default;
        var colon = text.IndexOf(':');
        if (colon < 0
            || Parse(text[..colon], out var firstColumn, out var firstRow) != AddressParse.Ok
            || Parse(text[(colon + 1)..], out var lastColumn, out var lastRow) != AddressParse.Ok)
        {
            return false;
        }

        range = new CellRange(
            Math.Min(firstRow, lastRow), Math.Min(firstColumn, lastColumn), Math.Max(firstRow, lastRow), Math.Max(firstColumn, lastColumn));
        return true;
    }
}

internal readonly record struct CellRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn);
