using NCalc;
using NCalc.Visitors;

namespace Pipeline.Core.Forms;

/// <summary>
/// Type-checks an expression tree before it may run: every name resolves in its scope, every operator and function is
/// one forms allow, with operands of the right kinds, and nothing divides with a bare '/'. The problems are phrased to
/// follow "expression … ": "names no column 'x'", "compares a number with text".
/// </summary>
public sealed class ExpressionTypes : ILogicalExpressionVisitor<ValueKind?>
{
    private readonly ExpressionScope _scope;
    private readonly Func<string, ValueKind?> _names;
    private readonly Func<string, bool> _indicators;
    private readonly List<string> _problems = [];

    private ExpressionTypes(ExpressionScope scope, Func<string, ValueKind?> names, Func<string, bool>? indicators)
    {
        _scope = scope;
        _names = names;
        _indicators = indicators ?? (_ => false);
    }

    /// <summary>
    /// The kind of value <paramref name="tree"/> gives, and what is wrong with it. In <see cref="ExpressionScope.Measure"/>
    /// <paramref name="names"/> resolves the row's columns, which the aggregate's arguments name.
    /// <paramref name="indicators"/> says which indicators a row may compute from itself with <c>indicator('code')</c>.
    /// </summary>
    public static (ValueKind? Kind, IReadOnlyList<string> Problems) Check(
        LogicalExpression tree, ExpressionScope scope, Func<string, ValueKind?> names, Func<string, bool>? indicators = null)
    {
        var types = new ExpressionTypes(scope, names, indicators);
        if (scope == ExpressionScope.Measure && tree is not Function)
        {
            return (null, ["is not a measure: write count(), count(condition), sum(number) or sum(number, condition)"]);
        }

        var kind = tree.Accept(types);
        return (types._problems.Count == 0 ? kind : null, types._problems.Distinct().ToList());
    }

    public ValueKind? Visit(Identifier identifier)
    {
        if (_names(identifier.Name) is { } kind)
        {
            return kind;
        }

        return Problem(_scope == ExpressionScope.Indicator ? $"names no measure '{identifier.Name}'" : $"names no column '{identifier.Name}'");
    }

    public ValueKind? Visit(ValueExpression value) => value.Type switch
    {
        NCalc.ValueType.Integer or NCalc.ValueType.Float => ValueKind.Number,
        NCalc.ValueType.String when _scope != ExpressionScope.Indicator => ValueKind.Text,
        NCalc.ValueType.Boolean when _scope != ExpressionScope.Indicator => ValueKind.Boolean,
        NCalc.ValueType.DateTime when _scope != ExpressionScope.Indicator => ValueKind.Date,
        _ => Problem($"has a value forms do not use here ({value.Type}: {value.Value})"),
    };

    public ValueKind? Visit(UnaryExpression unary)
    {
        var operand = unary.Expression.Accept(this);
        return unary.Type switch
        {
            UnaryExpressionType.Not when _scope != ExpressionScope.Indicator => Expect(operand, ValueKind.Boolean, "'not'", ValueKind.Boolean),
            UnaryExpressionType.Negate or UnaryExpressionType.Positive => Expect(operand, ValueKind.Number, "a sign", ValueKind.Number),
            _ => Problem($"uses the operator {unary.Type}, which forms do not allow"),
        };
    }

    public ValueKind? Visit(BinaryExpression binary)
    {
        if (binary.Type is BinaryExpressionType.Div)
        {
            binary.LeftExpression.Accept(this);
            binary.RightExpression.Accept(this);
            return Problem("divides with '/', which is undefined when the divisor is 0: use ratio(a, b) in a row, or an indicator's numerator and denominator");
        }

        if (binary.Type is BinaryExpressionType.In or BinaryExpressionType.NotIn && _scope != ExpressionScope.Indicator)
        {
            var item = binary.LeftExpression.Accept(this);
            if (binary.RightExpression is not LogicalExpressionList list || list.Count == 0)
            {
                return Problem("uses 'in' without a list of values: write x in ('a', 'b')");
            }

            foreach (var member in list)
            {
                if (member is not ValueExpression)
                {
                    Problem("lists something other than plain values after 'in'");
                }
                else if (item is { } kind && member.Accept(this) is { } memberKind && memberKind != kind)
                {
                    Problem($"looks for {Name(kind)} among {Name(memberKind)}");
                }
            }

            return ValueKind.Boolean;
        }

        var left = binary.LeftExpression.Accept(this);
        var right = binary.RightExpression.Accept(this);
        var arithmetic = binary.Type is BinaryExpressionType.Plus or BinaryExpressionType.Minus or BinaryExpressionType.Times;
        if (_scope == ExpressionScope.Indicator && !arithmetic)
        {
            return Problem($"uses the operator {binary.Type} in an indicator, which may only add, subtract and multiply");
        }

        switch (binary.Type)
        {
            case BinaryExpressionType.And or BinaryExpressionType.Or:
                Expect(left, ValueKind.Boolean, $"'{Word(binary.Type)}'", ValueKind.Boolean);
                return Expect(right, ValueKind.Boolean, $"'{Word(binary.Type)}'", ValueKind.Boolean);
            case BinaryExpressionType.Plus or BinaryExpressionType.Minus or BinaryExpressionType.Times:
                Expect(left, ValueKind.Number, "arithmetic", ValueKind.Number);
                return Expect(right, ValueKind.Number, "arithmetic", ValueKind.Number);
            case BinaryExpressionType.Equal or BinaryExpressionType.NotEqual:
                return Same(left, right, "compares") is null ? null : ValueKind.Boolean;
            case BinaryExpressionType.Lesser or BinaryExpressionType.LesserOrEqual or BinaryExpressionType.Greater or BinaryExpressionType.GreaterOrEqual:
                if (Same(left, right, "compares") is ValueKind.Boolean)
                {
                    return Problem("orders yes/no values");
                }

                return left is null || right is null ? null : ValueKind.Boolean;
            case BinaryExpressionType.Coalesce:
                return Same(left, right, "falls back from");
            default:
                return Problem($"uses the operator {binary.Type}, which forms do not allow");
        }
    }

    public ValueKind? Visit(TernaryExpression ternary)
    {
        if (_scope == ExpressionScope.Indicator)
        {
            return Problem("chooses with '? :' in an indicator, which may only add, subtract and multiply");
        }

        Expect(ternary.LeftExpression.Accept(this), ValueKind.Boolean, "a condition", ValueKind.Boolean);
        return Same(ternary.MiddleExpression.Accept(this), ternary.RightExpression.Accept(this), "chooses between");
    }

    public ValueKind? Visit(Function function)
    {
        var name = function.Identifier.Name.ToLowerInvariant();
        if (!ExpressionFunctions.In(_scope).Contains(name))
        {
            foreach (var parameter in function.Parameters)
            {
                parameter.Accept(this);
            }

            var allowed = ExpressionFunctions.In(_scope);
            return Problem($"calls {function.Identifier.Name}(), which is not a function forms allow here{(allowed.Count > 0 ? $" ({string.Join(", ", allowed)})" : "")}");
        }

        if (name == "indicator")
        {
            return function.Parameters is [ValueExpression { Value: string code }] && _indicators(code)
                ? ValueKind.Number
                : Problem("calls indicator() without the code of one of the form's indicators in quotes: indicator('responseRate')");
        }

        var args = function.Parameters.Select(p => _scope == ExpressionScope.Measure ? Row(p) : p.Accept(this)).ToList();
        return (name, args.Count) switch
        {
            ("count", 0) => ValueKind.Number,
            ("count", 1) => Expect(args[0], ValueKind.Boolean, "count()'s condition", ValueKind.Number),
            ("sum", 1) => Expect(args[0], ValueKind.Number, "sum()", ValueKind.Number),
            ("sum", 2) => Both(Expect(args[0], ValueKind.Number, "sum()", ValueKind.Number), Expect(args[1], ValueKind.Boolean, "sum()'s condition", ValueKind.Number)),
            ("if", 3) => Both(Expect(args[0], ValueKind.Boolean, "if()'s condition", ValueKind.Boolean), Same(args[1], args[2], "if() chooses between")),
            ("isblank", 1) => ValueKind.Boolean,
            ("abs", 1) => Expect(args[0], ValueKind.Number, "abs()", ValueKind.Number),
            ("min" or "max" or "ratio", 2) => Both(Expect(args[0], ValueKind.Number, $"{name}()", ValueKind.Number), Expect(args[1], ValueKind.Number, $"{name}()", ValueKind.Number)),
            ("round", 2) => Both(Expect(args[0], ValueKind.Number, "round()", ValueKind.Number), Expect(args[1], ValueKind.Number, "round()", ValueKind.Number)),
            ("near", 3) => Both(Both(Expect(args[0], ValueKind.Number, "near()", ValueKind.Boolean), Expect(args[1], ValueKind.Number, "near()", ValueKind.Boolean)),
                Expect(args[2], ValueKind.Number, "near()", ValueKind.Boolean)),
            ("len", 1) => Expect(args[0], ValueKind.Text, "len()", ValueKind.Number),
            _ => Problem($"calls {name}() with {args.Count} argument(s), which it does not take"),
        };
    }

    public ValueKind? Visit(LogicalExpressionList list) => Problem("has a list of values where one value belongs");

    private ValueKind? Row(LogicalExpression argument)
    {
        var (kind, problems) = Check(argument, ExpressionScope.Row, _names, _indicators);
        _problems.AddRange(problems);
        return kind;
    }

    private ValueKind? Expect(ValueKind? actual, ValueKind expected, string what, ValueKind result)
    {
        if (actual is null)
        {
            return null;
        }

        return actual == expected ? result : Problem($"gives {Name(actual.Value)} to {what}, which needs {Name(expected)}");
    }

    private ValueKind? Same(ValueKind? left, ValueKind? right, string verb)
    {
        if (left is null || right is null)
        {
            return null;
        }

        return left == right ? left : Problem($"{verb} {Name(left.Value)} and {Name(right.Value)}");
    }

    private static ValueKind? Both(ValueKind? first, ValueKind? second) => first is null ? null : second;

    private ValueKind? Problem(string problem)
    {
        _problems.Add(problem);
        return null;
    }

    private static string Word(BinaryExpressionType type) => type == BinaryExpressionType.And ? "and" : "or";

    private static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a number",
        ValueKind.Boolean => "a yes/no value",
        ValueKind.Text => "text",
        ValueKind.Date => "a date",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
