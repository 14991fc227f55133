namespace Pipeline.Core.Divisions;

/// <summary>
/// One change of the divisions (区划变更) in <see cref="Period"/>: a unit that began (with the units it came from), ended
/// (with the units it became), or was renamed (<see cref="Before"/> its earlier entry).
/// </summary>
public sealed record DivisionChange(string Period, DivisionChangeKind Kind, DivisionUnit Unit, IReadOnlyList<DivisionUnit> Links)
{
    public DivisionUnit? Before { get; init; }
}

public enum DivisionChangeKind
{
    Began,
    Ended,
    Renamed,
}

/// <summary>A problem with a registry file: the file, the unit (its code, or the file as a whole), the field and what is wrong.</summary>
public sealed record DivisionProblem(string File, string Unit, string Field, string Message)
{
    public override string ToString() => $"{File}: {Unit}, {Field}: {Message}";
}
