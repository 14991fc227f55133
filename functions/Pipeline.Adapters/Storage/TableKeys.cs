using System.Text;

namespace Pipeline.Adapters.Storage;

/// <summary>Partition and row keys from domain values. Table keys may not hold / \ # ? or control characters.</summary>
public static class TableKeys
{
    /// <summary>Percent-encodes the characters keys may not hold (and % itself, so the encoding is reversible).</summary>
    public static string Escape(string value)
    {
        if (!value.Any(Forbidden))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Forbidden(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string key) => key.Contains('%') ? Uri.UnescapeDataString(key) : key;

    private static bool Forbidden(char c) => c is '/' or '\\' or '#' or '?' or '%' or < ' ' or '\u007F';
}
