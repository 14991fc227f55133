namespace Pipeline.Core.Forms;

/// <summary>
/// A figure summed or counted over rows (<c>count()</c>, <c>count(has_property_service)</c>, <c>sum(households)</c>),
/// per community, street, group and district, pooled by addition. A form that feeds another form's measures defines
/// the same codes from its own columns. With <see cref="By"/>, a text expression, it is counted per value (a breakdown:
/// compounds by service mode).
/// </summary>
public sealed record Measure(string Code, Bilingual Title, string Expression)
{
    public string? By { get; init; }
}
