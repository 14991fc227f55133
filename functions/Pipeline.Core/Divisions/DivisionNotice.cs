namespace Pipeline.Core.Divisions;

/// <summary>
/// A unit a row names that is not in force in the row's period (<see cref="Period"/>): it ended before, and what it
/// became then (<see cref="Successors"/>, in force in that period), or it begins later. The words a clerk reads.
/// </summary>
public sealed record DivisionNotice(DivisionUnit Unit, string Period, IReadOnlyList<DivisionUnit> Successors)
{
    public bool NotYet => Unit.From is { } from && string.CompareOrdinal(Period, from) < 0;

    /// <summary>The one unit it became, which a row it names may be counted for; none when it split, ended without one, or is not yet.</summary>
    public DivisionUnit? Single => !NotYet && Successors.Count == 1 ? Successors[0] : null;

    private string Since => Model.Periods.Add(Unit.Until!, 1);

    /// <summary>Why the row may not name the unit, and what to write instead (Chinese / English).</summary>
    public string Refusal => $"{Why.Zh} / {Why.En}";

    /// <summary>The same in each language, for a message that says more around it.</summary>
    public (string Zh, string En) Why => (NotYet, Successors) switch
    {
        (true, _) => ($"{Unit.Name}自 {Unit.From} 起设立，{Period} 尚未设立", $"{Unit.Name} exists from {Unit.From}; it did not exist yet in {Period}"),
        (false, [var one]) when one.Code == Unit.Code =>
            ($"{Unit.Name}自 {Since} 起更名为“{one.Name}”，请填写“{one.Name}”", $"{Unit.Name} has been named {one.Name} since {Since}; use {one.Name}"),
        (false, [var one]) =>
            ($"{Unit.Name}自 {Since} 起已改为{one.KindName}“{one.Name}”，请填写“{one.Name}”", $"{Unit.Name} has been {KindInEnglish(one)}, {one.Name}, since {Since}; use {one.Name}"),
        (false, []) => ($"{Unit.Name}自 {Since} 起已撤销", $"{Unit.Name} has not existed since {Since}"),
        (false, var several) =>
            ($"{Unit.Name}自 {Since} 起已撤销，分设为{string.Join("、", several.Select(s => s.Name))}，请填写此行所属的单位",
             $"{Unit.Name} has not existed since {Since}; it became {string.Join(", ", several.Select(s => s.Name))}: use the one this row belongs to"),
    };

    /// <summary>That a row naming the unit was counted for <see cref="Single"/> (Chinese / English).</summary>
    public string Attribution => Single is { } one
        ? $"{Unit.Name}自 {Since} 起已改为“{one.Name}”，此行计入“{one.Name}” / {Unit.Name} has been {one.Name} since {Since}; this row counts for {one.Name}"
        : throw new InvalidOperationException("Only a unit that became exactly one other is attributed.");

    private static string KindInEnglish(DivisionUnit unit) => unit.Kind switch
    {
        DivisionKind.Street => "a street",
        DivisionKind.Town => "a town",
        DivisionKind.Area => "an area",
        DivisionKind.Zone => "a zone",
        DivisionKind.Community => "a residents' committee",
        DivisionKind.Village => "a village committee",
        var other => throw new ArgumentOutOfRangeException(nameof(unit), other, null),
    };
}
