namespace Pipeline.Core.Forms;

/// <summary>What a column holds, which decides how a cell is read and what an expression may do with it.</summary>
public enum ColumnType
{
    /// <summary>Any text.</summary>
    Text,

    /// <summary>A whole number ≥ 0 (整数): households, visits.</summary>
    Count,

    /// <summary>A decimal number.</summary>
    Decimal,

    /// <summary>A share between 0 and 1, written as 0.95 or 95%.</summary>
    Rate,

    /// <summary>是/否 and its usual spellings.</summary>
    YesNo,

    /// <summary>One of the column's options (or their aliases).</summary>
    Choice,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A date and time (Beijing), as a ticket's 来电时间.</summary>
    DateTime,

    /// <summary>A month, YYYY-MM.</summary>
    Period,

    /// <summary>A street or town of the registry, by name.</summary>
    Street,

    /// <summary>A street or town of the registry, by its 12-digit code.</summary>
    StreetCode,

    /// <summary>A community or village, by name.</summary>
    Community,

    /// <summary>A community or village, by its 12-digit code, which lies inside its street's.</summary>
    CommunityCode,
}

/// <summary>What an expression's value is, after a column's type is read.</summary>
public enum ValueKind
{
    Number,
    Boolean,
    Text,
    Date,
}

public static class ColumnTypes
{
    /// <summary>The kind of value a column of <paramref name="type"/> gives an expression.</summary>
    public static ValueKind KindOf(this ColumnType type) => type switch
    {
        ColumnType.Count or ColumnType.Decimal or ColumnType.Rate => ValueKind.Number,
        ColumnType.YesNo => ValueKind.Boolean,
        ColumnType.Text or ColumnType.Choice or ColumnType.Period or ColumnType.Street or ColumnType.StreetCode or ColumnType.Community or ColumnType.CommunityCode => ValueKind.Text,
        ColumnType.Date or ColumnType.DateTime => ValueKind.Date,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
