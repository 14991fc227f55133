namespace Pipeline.Core.Divisions;

/// <summary>
/// A street or a community (or village) as it is in force for a while: its 12-digit code, name and aliases, kind, the
/// first period it exists (<see cref="From"/>, none: always before) and the last (<see cref="Until"/>, none: still), and
/// the units it became when it ended (<see cref="Successors"/>: a village its residents' committee, a street the two it
/// split into). A code may have several entries one after the other: a renamed unit. <see cref="Street"/> is a
/// community's street code; none for a street.
/// </summary>
public sealed record DivisionUnit(string Code, string Name, DivisionKind Kind, string? From, string? Until)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyList<string> Successors { get; init; } = [];

    public string? Street { get; init; }

    public bool IsStreet => Street is null;

    /// <summary>The kind as the district writes it: 街道, 镇, 地区, 功能区, 社区, 村.</summary>
    public string KindName => Kind switch
    {
        DivisionKind.Street => "街道",
        DivisionKind.Town => "镇",
        DivisionKind.Area => "地区",
        DivisionKind.Zone => "功能区",
        DivisionKind.Community => "社区",
        DivisionKind.Village => "村",
        var other => throw new ArgumentOutOfRangeException(nameof(Kind), other, null),
    };

    /// <summary>Whether the unit is in force in <paramref name="period"/> (YYYY-MM).</summary>
    public bool InForce(string period) =>
        (From is null || string.CompareOrdinal(From, period) <= 0) && (Until is null || string.CompareOrdinal(period, Until) <= 0);

    /// <summary>Its validity as people read it: 2019-01 – 2020-12, – 2020-12, 2021-01 –, or always.</summary>
    public string Validity => (From, Until) switch
    {
        (null, null) => "always",
        var (from, until) => $"{from ?? ""} – {until ?? ""}".Trim(),
    };
}

/// <summary>What a unit is: 街道, 镇, 地区 or a reporting 功能区 for a street; 社区 or 村 for a community.</summary>
public enum DivisionKind
{
    /// <summary>街道.</summary>
    Street,

    /// <summary>镇.</summary>
    Town,

    /// <summary>地区.</summary>
    Area,

    /// <summary>A reporting unit such as a 功能区 (development zone).</summary>
    Zone,

    /// <summary>社区 (residents' committee).</summary>
    Community,

    /// <summary>村 (village committee).</summary>
    Village,
}
