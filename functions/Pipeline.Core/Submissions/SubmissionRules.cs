using System.Globalization;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>One sheet a street owes each month, met by any of <see cref="Kinds"/> (appeal figures: counts or tickets).</summary>
public sealed record Obligation(IReadOnlyList<SheetKind> Kinds)
{
    /// <summary>Stable key, as written in the setting: <c>AppealCounts|TicketExport</c>.</summary>
    public string Key => string.Join('|', Kinds);

    /// <summary>The obligation a <see cref="Key"/> names.</summary>
    public static Obligation Parse(string key) => new([.. key.Split('|', StringSplitOptions.TrimEntries).Select(Enum.Parse<SheetKind>)]);

    /// <summary>The forms' Chinese titles, as the catalog gives them: 诉求办理统计 / 12345 工单明细.</summary>
    public string Label => string.Join(" / ", Kinds.Select(kind => BuiltinForms.Of(kind).Title.Zh));
}

/// <summary>What every street owes per period and by when: the day of the following month, 24:00 Beijing time.</summary>
public sealed record SubmissionRules(IReadOnlyList<Obligation> Owed, int DeadlineDay)
{
    public const string DefaultOwed = "CompoundRoster,AppealCounts|TicketExport";

    public static SubmissionRules Default { get; } = Parse(DefaultOwed, 5);

    /// <summary>Obligations separated by commas, the kinds that meet one by '|'; null when the text names no kinds.</summary>
    public static SubmissionRules Parse(string owed, int deadlineDay) => new(
        [.. owed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Obligation.Parse)],
        deadlineDay);

    /// <summary>
    /// The obligation <paramref name="name"/> means: its key, one of the kinds that meet it, or its Chinese label
    /// (case and spacing ignored); null when it names none of <see cref="Owed"/>.
    /// </summary>
    public Obligation? Find(string name)
    {
        var key = name.Replace(" ", "", StringComparison.Ordinal);
        return Owed.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase))
            ?? Owed.FirstOrDefault(o => o.Kinds.Any(k => string.Equals(k.ToString(), key, StringComparison.OrdinalIgnoreCase)))
            ?? Owed.FirstOrDefault(o => o.Label.Replace(" ", "", StringComparison.Ordinal) == key);
    }

    /// <summary>The end of the deadline day (24:00 Beijing, i.e. the next day's 00:00) in the month after <paramref name="period"/>.</summary>
    public DateTimeOffset DeadlineOf(string period) =>
        new DateTimeOffset(DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture), TimeSpan.FromHours(8)).AddMonths(1).AddDays(DeadlineDay);
}
