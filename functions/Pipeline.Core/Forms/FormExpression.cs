using System.Globalization;
using NCalc;
using NCalc.Exceptions;

namespace Pipeline.Core.Forms;

/// <summary>
/// An expression of the catalog, parsed by NCalc into its tree. Its text is bounded before the parser sees it (length
/// and nesting), since the parser recurses; what it may do is decided by <see cref="ExpressionTypes"/>, and it runs
/// only through <see cref="ExpressionEvaluator"/>, which knows nothing but the operators and functions it allows.
/// </summary>
public static class FormExpression
{
    public const int MaxLength = 1000;
    public const int MaxNesting = 32;

    private static readonly LogicalExpressionParserOptions Options = new() { DisallowSingleEquals = false };

    /// <summary>The tree of <paramref name="text"/>, or why it has none.</summary>
    public static (LogicalExpression? Tree, string? Problem) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "is empty");
        }

        if (text.Length > MaxLength)
        {
            return (null, $"is longer than {MaxLength} characters");
        }

        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth > MaxNesting)
            {
                return (null, $"nests parentheses deeper than {MaxNesting}");
            }
        }

        try
        {
            return (LogicalExpressionParser.Parse(text, Options, CultureInfo.InvariantCulture, CancellationToken.None), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The parser is a library reading text a district wrote: whatever it throws ("a == == b" is an
            // InvalidOperationException, not its own parser exception), the expression does not parse.
            return (null, e is NCalcParserException ? $"does not parse ({e.Message.TrimEnd('.')})" : "does not parse");
        }
    }
}
