using System.Globalization;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>
/// One form a street owes each month, met by any of <see cref="Forms"/> (appeal figures: counts or tickets), and its
/// label, the forms' Chinese titles: 诉求办理统计 / 12345 工单明细.
/// </summary>
public sealed record Obligation(IReadOnlyList<string> Forms, string Label)
{
    /// <summary>Stable key, as stored with a return: <c>AppealCounts|TicketExport</c>.</summary>
    public string Key => string.Join('|', Forms);

    /// <summary>The obligation a stored <see cref="Key"/> names, labelled by the built-in catalog (a form it lacks by its code).</summary>
    public static Obligation Parse(string key)
    {
        var forms = key.Split('|', StringSplitOptions.TrimEntries);
        return new(forms, string.Join(" / ", forms.Select(form => FormCatalogs.Builtin.Form(form)?.Title.Zh ?? form)));
    }
}

/// <summary>
/// What every street owes per period and by when: each form of the period's catalog that streets owe
/// (<c>owedBy: street</c>), met by it or any form that feeds the same measures (tickets feed the appeal counts); due
/// by the day of the following month, 24:00 Beijing time.
/// </summary>
public sealed record SubmissionRules(IReadOnlyList<Obligation> Owed, int DeadlineDay)
{
    public static SubmissionRules Default { get; } = Of(FormCatalogs.Builtin, 5);

    public static SubmissionRules Of(FormCatalog catalog, int deadlineDay) => new(
        [.. catalog.Forms.Where(form => form.OwedBy == Obligor.Street).Select(owed =>
        {
            var measuredAs = owed.Feeds ?? owed.Code;
            var forms = catalog.Forms.Where(f => f.Code != owed.Code && (f.Feeds ?? f.Code) == measuredAs).Prepend(owed).ToList();
            return new Obligation([.. forms.Select(f => f.Code)], string.Join(" / ", forms.Select(f => f.Title.Zh)));
        })],
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
