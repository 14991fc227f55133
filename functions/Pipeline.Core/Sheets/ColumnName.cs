namespace Pipeline.Core.Sheets;

/// <summary>Excel column letters: 0 → A, 25 → Z, 26 → AA.</summary>
public static class ColumnName
{
    public static string FromIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The index of a cell reference's column ("AB12" → 27); -1 when it has no letters.</summary>
    public static int ToIndex(ReadOnlySpan<char> reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (upper - 'A' + 1);
            letters++;
        }

        return letters == 0 ? -1 : index - 1;
    }
}
