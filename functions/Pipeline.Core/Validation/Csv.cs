namespace Pipeline.Core.Validation;

/// <summary>CSV cells that are safe to open in Excel.</summary>
public static class Csv
{
    /// <summary>
    /// Quotes the value when needed, and neutralises text that Excel would run as a formula (= + - @, tab, CR) with a
    /// leading apostrophe: uploads are untrusted.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
