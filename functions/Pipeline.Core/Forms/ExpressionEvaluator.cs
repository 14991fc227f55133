using System.Globalization;
using NCalc;
using NCalc.Visitors;

namespace Pipeline.Core.Forms;

/// <summary>
/// Turns a checked expression tree into a function of the names it reads (a row's columns, or a scope's measures).
/// It knows only the operators and functions <see cref="ExpressionTypes"/> allows, so an expression can compute and
/// compare, and nothing else. Values are <see cref="double"/>, <see cref="bool"/>, <see cref="string"/> and
/// <see cref="DateTime"/>; null is a blank cell, and it makes what depends on it unknown (null) rather than false.
/// </summary>
public sealed class ExpressionEvaluator : ILogicalExpressionVisitor<Func<Func<string, object?>, object?>>
{
    private readonly Func<string, Func<Func<string, object?>, object?>>? _indicators;

    private ExpressionEvaluator(Func<string, Func<Func<string, object?>, object?>>? indicators) => _indicators = indicators;

    /// <summary>
    /// The function of <paramref name="tree"/>, which <see cref="ExpressionTypes.Check"/> accepted;
    /// <paramref name="indicators"/> gives a row's own value of an indicator, for <c>indicator('code')</c>.
    /// </summary>
    public static Func<Func<string, object?>, object?> Compile(LogicalExpression tree, Func<string, Func<Func<string, object?>, object?>>? indicators = null) =>
        tree.Accept(new ExpressionEvaluator(indicators));

    /// <summary>A measure's contribution of one row, which sums over rows: count() 1, count(c) 1 when c holds, sum(x) x.</summary>
    public static Func<Func<string, object?>, double> CompileMeasure(LogicalExpression measure)
    {
        var function = (Function)measure;
        var args = function.Parameters.Select(p => Compile(p)).ToList();
        return (function.Identifier.Name.ToLowerInvariant(), args.Count) switch
        {
            ("count", 0) => _ => 1,
            ("count", 1) => row => args[0](row) is true ? 1 : 0,
            ("sum", 1) => row => args[0](row) is double x ? x : 0,
            ("sum", 2) => row => args[1](row) is true && args[0](row) is double x ? x : 0,
            _ => throw new ArgumentException($"{function.Identifier.Name}() is not a measure.", nameof(measure)),
        };
    }

    public Func<Func<string, object?>, object?> Visit(Identifier identifier)
    {
        var name = identifier.Name;
        return values => values(name);
    }

    public Func<Func<string, object?>, object?> Visit(ValueExpression value)
    {
        object? constant = value.Value switch
        {
            int i => (double)i,
            long l => (double)l,
            double d => d,
            decimal m => (double)m,
            float f => (double)f,
            _ => value.Value,
        };
        return _ => constant;
    }

    public Func<Func<string, object?>, object?> Visit(UnaryExpression unary)
    {
        var operand = unary.Expression.Accept(this);
        return unary.Type switch
        {
            UnaryExpressionType.Not => values => operand(values) is bool b ? !b : null,
            UnaryExpressionType.Negate => values => operand(values) is double d ? -d : null,
            UnaryExpressionType.Positive => operand,
            _ => throw Unchecked(unary.Type.ToString()),
        };
    }

    public Func<Func<string, object?>, object?> Visit(BinaryExpression binary)
    {
        var left = binary.LeftExpression.Accept(this);
        if (binary.Type is BinaryExpressionType.In or BinaryExpressionType.NotIn)
        {
            var members = ((LogicalExpressionList)binary.RightExpression).Select(m => m.Accept(this)(_ => null)).ToList();
            var expect = binary.Type == BinaryExpressionType.In;
            return values => left(values) is { } item ? members.Any(m => Equals(m, item)) == expect : null;
        }

        var right = binary.RightExpression.Accept(this);
        return binary.Type switch
        {
            BinaryExpressionType.And => values => (left(values), right(values)) switch
            {
                (false, _) or (_, false) => false,
                (true, true) => true,
                _ => null,
            },
            BinaryExpressionType.Or => values => (left(values), right(values)) switch
            {
                (true, _) or (_, true) => true,
                (false, false) => false,
                _ => null,
            },
            BinaryExpressionType.Equal => values => Compare(left(values), right(values)) is { } c ? c == 0 : null,
            BinaryExpressionType.NotEqual => values => Compare(left(values), right(values)) is { } c ? c != 0 : null,
            BinaryExpressionType.Lesser => values => Compare(left(values), right(values)) is { } c ? c < 0 : null,
            BinaryExpressionType.LesserOrEqual => values => Compare(left(values), right(values)) is { } c ? c <= 0 : null,
            BinaryExpressionType.Greater => values => Compare(left(values), right(values)) is { } c ? c > 0 : null,
            BinaryExpressionType.GreaterOrEqual => values => Compare(left(values), right(values)) is { } c ? c >= 0 : null,
            BinaryExpressionType.Plus => values => Numbers(left(values), right(values), (a, b) => a + b),
            BinaryExpressionType.Minus => values => Numbers(left(values), right(values), (a, b) => a - b),
            BinaryExpressionType.Times => values => Numbers(left(values), right(values), (a, b) => a * b),
            BinaryExpressionType.Coalesce => values => left(values) ?? right(values),
            _ => throw Unchecked(binary.Type.ToString()),
        };
    }

    public Func<Func<string, object?>, object?> Visit(TernaryExpression ternary)
    {
        var condition = ternary.LeftExpression.Accept(this);
        var then = ternary.MiddleExpression.Accept(this);
        var otherwise = ternary.RightExpression.Accept(this);
        return values => condition(values) switch
        {
            true => then(values),
            false => otherwise(values),
            _ => null,
        };
    }

    public Func<Func<string, object?>, object?> Visit(Function function)
    {
        if (function.Identifier.Name.Equals("indicator", StringComparison.OrdinalIgnoreCase))
        {
            var code = (string)((ValueExpression)function.Parameters[0]).Value!;
            return _indicators?.Invoke(code) ?? throw Unchecked($"indicator('{code}') without the catalog's indicators");
        }

        var args = function.Parameters.Select(p => p.Accept(this)).ToList();
        return function.Identifier.Name.ToLowerInvariant() switch
        {
            "if" => values => args[0](values) switch
            {
                true => args[1](values),
                false => args[2](values),
                _ => null,
            },
            "isblank" => values => args[0](values) is null or "",
            "abs" => values => args[0](values) is double d ? Math.Abs(d) : null,
            "min" => values => Numbers(args[0](values), args[1](values), Math.Min),
            "max" => values => Numbers(args[0](values), args[1](values), Math.Max),
            "round" => values => Numbers(args[0](values), args[1](values), (x, digits) => Math.Round(x, (int)Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero)),
            "ratio" => values => args[0](values) is double n && args[1](values) is double d && d != 0 ? n / d : null,
            // A difference of exactly the tolerance is near: written rates are rounded to it.
            "near" => values => args[0](values) is double a && args[1](values) is double b && args[2](values) is double t ? Math.Abs(a - b) <= t + 1e-12 : null,
            "len" => values => args[0](values) is string s ? (double)new StringInfo(s).LengthInTextElements : null,
            var other => throw Unchecked(other),
        };
    }

    public Func<Func<string, object?>, object?> Visit(LogicalExpressionList list) => throw Unchecked("a list");

    private static object? Numbers(object? a, object? b, Func<double, double, double> operation) => a is double x && b is double y ? operation(x, y) : null;

    private static int? Compare(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (DateTime x, DateTime y) => x.CompareTo(y),
        _ => null,
    };

    private static InvalidOperationException Unchecked(string what) => new($"The expression uses {what}, which the catalog check refuses: it was not checked.");
}
