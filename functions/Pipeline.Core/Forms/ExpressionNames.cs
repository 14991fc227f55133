using NCalc;
using NCalc.Visitors;

namespace Pipeline.Core.Forms;

/// <summary>
/// The names an expression reads, left to right, each once. A visitor rather than a type switch, so a node kind the
/// parser adds is a compile error here, not a silently empty list.
/// </summary>
public sealed class ExpressionNames : ILogicalExpressionVisitor<IEnumerable<string>>
{
    private static readonly ExpressionNames Instance = new();

    public static IReadOnlyList<string> Of(LogicalExpression tree) => [.. tree.Accept(Instance).Distinct(StringComparer.Ordinal)];

    public IEnumerable<string> Visit(Identifier identifier) => [identifier.Name];

    public IEnumerable<string> Visit(ValueExpression value) => [];

    public IEnumerable<string> Visit(UnaryExpression unary) => unary.Expression.Accept(this);

    public IEnumerable<string> Visit(BinaryExpression binary) => binary.LeftExpression.Accept(this).Concat(binary.RightExpression.Accept(this));

    public IEnumerable<string> Visit(TernaryExpression ternary) =>
        ternary.LeftExpression.Accept(this).Concat(ternary.MiddleExpression.Accept(this)).Concat(ternary.RightExpression.Accept(this));

    public IEnumerable<string> Visit(Function function) => function.Parameters.SelectMany(p => p.Accept(this));

    public IEnumerable<string> Visit(LogicalExpressionList list) => list.SelectMany(e => e.Accept(this));
}
