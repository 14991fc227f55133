using System.Globalization;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>One form a street owes each month, met by any of <see cref="Forms"/> (appeal figures: counts or tickets).</summary>
public sealed record Obligation(IReadOnlyList<string> Forms)
{
    /// <summary>Stable key, as written in the setting: <c>AppealCounts|TicketExport</c>.</summary>
    public string Key => string.Join('|', Forms);

    /// <summary>The obligation a <see cref="Key"/> names.</summary>
    public static Obligation Parse(string key) => new([.. key.Split('|', StringSplitOptions.TrimEntries).Select(form =>
        FormCatalogs.Builtin.Form(form) is null ? throw new FormatException($"'{form}' is not a form of the catalog.") : form)]);

    /// <summary>The forms' Chinese titles, as the catalog gives them: 诉求办理统计 / 12345 工单明细.</summary>
    public string Label => string.Join(" / ", Forms.Select(form => BuiltinForms.Of(form).Title.Zh));
}

/// <summary>What every street owes per period and by when: the day of the following month, 24:00 Beijing time.</summary>
public sealed record SubmissionRules(IReadOnlyList<Obligation> Owed, int DeadlineDay)
{
    public const string DefaultOwed = "CompoundRoster,AppealCounts|TicketExport";

    public static SubmissionRules Default { get; } = Parse(DefaultOwed, 5);

    /// <summary>Obligations separated by commas, the forms that meet one by '|'; null when the text names no forms.</summary>
    public static SubmissionRules Parse(string owed, int deadlineDay) => new(
        [.. owed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Obligation.Parse)],
        deadlineDay);

    /// <summary>
    /// The obligation <paramref name="name"/> means: its key, one of the forms that meet it, or its Chinese label
    /// (case and spacing ignored); null when it names none of <see cref="Owed"/>.
    /// </summary>
    public Obligation? Find(string name)
    {
        var key = name.Replace(" ", "", StringComparison.Ordinal);
        return Owed.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase))
            ?? Owed.FirstOrDefault(o => o.Forms.Any(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase)))
            ?? Owed.FirstOrDefault(o => o.Label.Replace(" ", "", StringComparison.Ordinal) == key);
    }

    /// <summary>The end of the deadline day (24:00 Beijing, i.e. the next day's 00:00) in the month after <paramref name="period"/>.</summary>
    public DateTimeOffset DeadlineOf(string period) =>
        new DateTimeOffset(DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture), TimeSpan.FromHours(8)).AddMonths(1).AddDays(DeadlineDay);
}
