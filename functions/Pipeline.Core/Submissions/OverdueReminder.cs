using System.Globalization;

namespace Pipeline.Core.Submissions;

/// <summary>
/// 催报: the daily message while anything of a period is missing after its deadline. One per period and day
/// (deterministic MessageId, so a re-sent reminder is dropped); the body is a short text a notifier forwards as it is.
/// </summary>
public sealed record OverdueReminder(string MessageId, string Period, int OverdueCount, string Text)
{
    public const string Subject = "submission.overdue";

    /// <summary>The reminder as sent: its text as the body, the period and count as properties.</summary>
    public Notice ToNotice(string districtCode) => new(MessageId, Subject, Text, "text/plain; charset=utf-8",
        new Dictionary<string, object> { ["period"] = Period, ["overdueCount"] = OverdueCount, ["districtCode"] = districtCode });

    /// <summary>The reminder for <paramref name="ledger"/> on <paramref name="day"/>; null when nothing is overdue.</summary>
    public static OverdueReminder? For(PeriodSubmissions ledger, string districtCode, string districtName, DateOnly day)
    {
        var overdue = ledger.Overdue;
        if (overdue.Count == 0)
        {
            return null;
        }

        var deadline = ledger.Deadline.ToOffset(TimeSpan.FromHours(8)).AddMinutes(-1);
        var lines = overdue.GroupBy(s => s.StreetName).Select(g => $"- {g.Key}：{string.Join("、", g.Select(s => s.Obligation.Label))}");
        var text = $"{districtName} {ledger.Period} 报送截止 {deadline:yyyy-MM-dd} 24:00，截至 {day:yyyy-MM-dd} 仍有 {overdue.Count} 项逾期未报：\n"
            + string.Join('\n', lines)
            + $"\n{districtName} {ledger.Period}: {overdue.Count} submission(s) overdue since {deadline:yyyy-MM-dd} 24:00 (Beijing).";
        return new OverdueReminder($"submission-overdue:{districtCode}:{ledger.Period}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", ledger.Period, overdue.Count, text);
    }
}
