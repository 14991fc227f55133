using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Tests.Submissions;

public sealed class SubmissionLedgerTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private const string Qingyuan = "110115003000";
    private const string Xingfeng = "110115001000";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour = 12, int minute = 0) => new(2021, month, day, hour, minute, 0, Beijing);

    private static Receipt Receipt(string file, string? form, ReceiptStatus status, DateTimeOffset uploadedAt, params string[] streets) =>
        new(file, "hash", form, null, form is null ? [] : ["2021-01"], streets, 3, status, status == ReceiptStatus.Rejected ? 2 : 0, uploadedAt) { UploadedAt = uploadedAt };

    private static Submission Entry(PeriodSubmissions ledger, string street, string form) =>
        ledger.Submissions.Single(s => s.StreetCode == street && s.Obligation.Forms.Contains(form));

    private static PeriodSubmissions Build(DateTimeOffset now, params Receipt[] receipts) =>
        SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, receipts, now);

    [Fact]
    public void The_deadline_is_the_end_of_the_fifth_of_the_following_month_in_Beijing()
    {
        Assert.Equal(new DateTimeOffset(2021, 2, 6, 0, 0, 0, Beijing), SubmissionRules.Default.DeadlineOf("2021-01"));
        Assert.Equal(new DateTimeOffset(2022, 1, 6, 0, 0, 0, Beijing), SubmissionRules.Default.DeadlineOf("2021-12"));
    }

    [Fact]
    public void Every_street_owes_a_roster_and_appeal_figures_and_nothing_yet_is_not_submitted()
    {
        var ledger = Build(At(2, 1));

        Assert.Equal(22 * 2, ledger.Submissions.Count);
        Assert.All(ledger.Submissions, s => Assert.Equal(SubmissionStatus.NotSubmitted, s.Status));
        Assert.Equal(0, ledger.SubmissionRate);
        Assert.Empty(ledger.Overdue);
    }

    [Fact]
    public void A_month_walks_from_refused_to_corrected_and_the_rest_become_overdue_then_late()
    {
        var refused = Receipt("110115003000/2021-01/清源.csv", "CompoundRoster", ReceiptStatus.Rejected, At(2, 2), Qingyuan);
        var accepted = Receipt("110115003000/2021-01/清源-改.csv", "CompoundRoster", ReceiptStatus.Accepted, At(2, 3), Qingyuan);
        var correction = Receipt("110115003000/2021-01/清源-更正.csv", "CompoundRoster", ReceiptStatus.Accepted, At(2, 8), Qingyuan);
        var export = Receipt("110115/2021-01/12345.csv", "TicketExport", ReceiptStatus.Accepted, At(2, 5, 23, 59), Qingyuan, Xingfeng);
        var late = Receipt("110115001000/2021-01/兴丰.csv", "CompoundRoster", ReceiptStatus.Accepted, At(2, 6, 0, 0), Xingfeng);

        Assert.Equal(SubmissionStatus.Refused, Entry(Build(At(2, 2, 13), refused), Qingyuan, "CompoundRoster").Status);
        var onTime = Entry(Build(At(2, 4), refused, accepted), Qingyuan, "CompoundRoster");
        Assert.Equal((SubmissionStatus.OnTime, "110115003000/2021-01/清源-改.csv", 1), (onTime.Status, onTime.Accepted!.File, onTime.Refused.Count));

        var afterDeadline = Build(At(2, 6, 9), refused, accepted, export);
        Assert.True(afterDeadline.PastDeadline);
        Assert.Equal(SubmissionStatus.OnTime, Entry(afterDeadline, Xingfeng, "TicketExport").Status);
        Assert.Equal(SubmissionStatus.Overdue, Entry(afterDeadline, Xingfeng, "CompoundRoster").Status);
        Assert.Equal(22 * 2 - 3, afterDeadline.Overdue.Count);
        Assert.Equal(3.0 / 44, afterDeadline.SubmissionRate);

        var end = Build(At(2, 9), refused, accepted, export, late, correction);
        Assert.Equal(SubmissionStatus.Late, Entry(end, Xingfeng, "CompoundRoster").Status);
        var corrected = Entry(end, Qingyuan, "CompoundRoster");
        Assert.Equal((SubmissionStatus.Corrected, "110115003000/2021-01/清源-更正.csv", 2), (corrected.Status, corrected.Accepted!.File, corrected.Acceptances));
    }

    [Fact]
    public void A_file_refused_before_any_row_read_counts_for_its_folders_street_and_month()
    {
        var unreadable = new Receipt("110115003000/2021-01/坏.xlsx", "h", null, null, [], [], 0, ReceiptStatus.Rejected, 1, At(2, 1)) { UploadedAt = At(2, 1) };

        var ledger = Build(At(2, 2), unreadable);

        Assert.Equal(SubmissionStatus.Refused, Entry(ledger, Qingyuan, "CompoundRoster").Status);
        Assert.Equal(SubmissionStatus.Refused, Entry(ledger, Qingyuan, "AppealCounts").Status);
        Assert.Equal(SubmissionStatus.NotSubmitted, Entry(ledger, Xingfeng, "CompoundRoster").Status);
    }

    [Fact]
    public void A_superseded_file_was_still_a_clean_submission_and_a_pending_one_is_not_yet()
    {
        var superseded = Receipt("110115003000/2021-01/a.csv", "AppealCounts", ReceiptStatus.Superseded, At(2, 1), Qingyuan);
        var pending = Receipt("110115001000/2021-01/b.csv", "AppealCounts", ReceiptStatus.Pending, At(2, 1), Xingfeng);

        var ledger = Build(At(2, 2), superseded, pending);

        Assert.Equal(SubmissionStatus.OnTime, Entry(ledger, Qingyuan, "AppealCounts").Status);
        Assert.Equal(SubmissionStatus.NotSubmitted, Entry(ledger, Xingfeng, "AppealCounts").Status);
    }

    [Fact]
    public void The_reminder_lists_what_is_overdue_once_per_day_and_there_is_none_when_all_have_reported()
    {
        var ledger = Build(At(2, 7), Receipt("2021-01/清源.csv", "CompoundRoster", ReceiptStatus.Accepted, At(2, 1), Qingyuan));

        var reminder = OverdueReminder.For(ledger, "110115", "大兴区", new DateOnly(2021, 2, 7))!;

        Assert.Equal("submission-overdue:110115:2021-01:2021-02-07", reminder.MessageId);
        Assert.Equal(43, reminder.OverdueCount);
        Assert.Contains("2021-02-05 24:00", reminder.Text);
        Assert.Contains("兴丰街道：小区物业台账、诉求办理统计 / 12345 工单明细", reminder.Text);
        Assert.DoesNotContain("清源街道：小区物业台账、", reminder.Text);
        Assert.Null(OverdueReminder.For(Build(At(2, 1)), "110115", "大兴区", new DateOnly(2021, 2, 1)));

        var everyone = Daxing.Streets.SelectMany(s => new[]
        {
            Receipt($"{s.Code}/2021-01/r.csv", "CompoundRoster", ReceiptStatus.Accepted, At(2, 1), s.Code),
            Receipt($"{s.Code}/2021-01/c.csv", "AppealCounts", ReceiptStatus.Accepted, At(2, 1), s.Code),
        }).ToArray();
        Assert.Null(OverdueReminder.For(Build(At(2, 7), everyone), "110115", "大兴区", new DateOnly(2021, 2, 7)));
        Assert.Equal(1.0, Build(At(2, 7), everyone).SubmissionRate);
    }
}
