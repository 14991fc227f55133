namespace Pipeline.Core.Closing;

/// <summary>One step of a period's publication: closed as an official version (封账), or reopened (重新开放).</summary>
/// <remarks>
/// <see cref="Version"/> is the official version made (closed) or reopened. <see cref="OverReturns"/> names the
/// submissions the district had sent back and that still stood when it closed anyway (<c>close --force</c>).
/// <see cref="Catalog"/>: the form catalog version a close issued the figures with, which the period keeps;
/// <see cref="Divisions"/> likewise the registry version (the divisions in force for the period then).
/// </remarks>
public sealed record ClosingEvent(string Action, int Version, DateTimeOffset At, string? Text, IReadOnlyList<string>? OverReturns = null)
{
    public string? Catalog { get; init; }

    public string? Divisions { get; init; }

    public const string Closed = "closed";
    public const string Reopened = "reopened";
}

/// <summary>
/// A period's publication history: closed as official version 1, 2, …, and reopened in between. While closed the
/// period accepts no uploads and its figures stay as issued; <see cref="Step"/> counts every close and reopen, so
/// the published state moves on with each.
/// </summary>
public sealed record PeriodClosing(IReadOnlyList<ClosingEvent> Events)
{
    public static PeriodClosing None { get; } = new([]);

    public bool IsClosed => Events.Count > 0 && Events[^1].Action == ClosingEvent.Closed;

    /// <summary>The latest official version, 0 when the period was never closed.</summary>
    public int OfficialVersion => Events.Where(e => e.Action == ClosingEvent.Closed).Select(e => e.Version).DefaultIfEmpty(0).Max();

    public ClosingEvent? LastClose => Events.LastOrDefault(e => e.Action == ClosingEvent.Closed);

    public int Step => Events.Count;

    /// <summary>
    /// Closed as the next official version; null when it is closed already (closing twice changes nothing).
    /// <paramref name="overReturns"/>: the returned submissions it closes over, recorded with the close.
    /// </summary>
    public PeriodClosing? Close(DateTimeOffset at, string? note, IReadOnlyList<string>? overReturns = null, string? catalog = null, string? divisions = null) =>
        IsClosed ? null : new([.. Events, new ClosingEvent(ClosingEvent.Closed, OfficialVersion + 1, at, Blank(note), overReturns is { Count: > 0 } ? overReturns : null)
        {
            Catalog = catalog,
            Divisions = divisions,
        }]);

    /// <summary>The catalog version the period was closed with, while it is closed; null when open.</summary>
    public string? ClosedWithCatalog => IsClosed ? LastClose?.Catalog : null;

    /// <summary>The registry version the period was closed with, while it is closed; null when open (or closed before registries had versions).</summary>
    public string? ClosedWithDivisions => IsClosed ? LastClose?.Divisions : null;

    /// <summary>Provisional again; null when it is not closed.</summary>
    public PeriodClosing? Reopen(DateTimeOffset at, string reason) =>
        IsClosed ? new([.. Events, new ClosingEvent(ClosingEvent.Reopened, OfficialVersion, at, Blank(reason))]) : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
