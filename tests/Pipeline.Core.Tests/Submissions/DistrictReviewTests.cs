using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;

namespace Pipeline.Core.Tests.Submissions;

/// <summary>The district's review in the ledger: returns (审核退回) and the corrections that came after close.</summary>
public sealed class DistrictReviewTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private const string Qingyuan = "110115003000";
    private const string Xingfeng = "110115001000";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly Obligation Roster = Obligation.Parse("CompoundRoster");

    private static DateTimeOffset At(int month, int day, int hour = 12) => new(2021, month, day, hour, 0, 0, Beijing);

    private static Receipt Accepted(string file, DateTimeOffset uploadedAt, string street = Qingyuan) =>
        new(file, "hash", "CompoundRoster", null, ["2021-01"], [street], 3, ReceiptStatus.Accepted, 0, uploadedAt) { UploadedAt = uploadedAt };

    private static Receipt RefusedClosed(string file, DateTimeOffset uploadedAt, string street = Qingyuan) =>
        new(file, "hash", "CompoundRoster", null, ["2021-01"], [street], 3, ReceiptStatus.Rejected, 1, uploadedAt.AddMinutes(1))
        {
            UploadedAt = uploadedAt,
            RefusedClosed = true,
        };

    private static SubmissionReturn ReturnOf(string file, DateTimeOffset uploadedAt, DateTimeOffset at, string street = Qingyuan) =>
        new(street, Roster.Key, file, uploadedAt, "户数有误", at);

    private static Submission Entry(PeriodSubmissions ledger, string street = Qingyuan) =>
        ledger.Submissions.Single(s => s.StreetCode == street && s.Obligation.Key == Roster.Key);

    [Fact]
    public void A_returned_submission_is_returned_by_the_district_with_its_reason_and_does_not_count_as_submitted()
    {
        var first = Accepted("2021-01/清源.csv", At(2, 2));
        var review = PeriodReview.None.Return(ReturnOf(first.File, At(2, 2), At(2, 3)))!;

        var ledger = SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [first], At(2, 4), review: review);

        var entry = Entry(ledger);
        Assert.Equal((SubmissionStatus.ReturnedByDistrict, "已退回 (人工)", "returned-by-district"), (entry.Status, entry.Status.Chinese(), entry.Status.Code()));
        Assert.Equal("户数有误", entry.Returned!.Reason);
        Assert.Equal(first.File, entry.Accepted!.File); // its rows stand until replaced
        Assert.Equal(0, ledger.SubmissionRate);
        Assert.Single(ledger.Returned);
        // After the deadline it is still the district's return, not an overdue one.
        Assert.Equal(SubmissionStatus.ReturnedByDistrict, Entry(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [first], At(3, 1), review: review)).Status);
    }

    [Fact]
    public void The_next_accepted_upload_resolves_a_return_and_an_earlier_one_does_not()
    {
        var first = Accepted("2021-01/清源.csv", At(2, 2));
        var second = Accepted("2021-01/清源-更正.csv", At(2, 4));
        var review = PeriodReview.None.Return(ReturnOf(first.File, At(2, 2), At(2, 3)))!;

        var resolved = Entry(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [first, second], At(2, 5), review: review));
        Assert.Equal((SubmissionStatus.Corrected, null), (resolved.Status, resolved.Returned));

        // The second file returned too: the latest return stands.
        var again = review.Return(ReturnOf(second.File, At(2, 4), At(2, 5)))!;
        Assert.Equal(second.File, Entry(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [first, second], At(2, 6), review: again)).Returned!.File);
    }

    [Fact]
    public void Returning_the_same_file_twice_records_it_once_and_the_close_check_reads_the_current_slices()
    {
        var returned = ReturnOf("2021-01/清源.csv", At(2, 2), At(2, 3));
        var review = PeriodReview.None.Return(returned)!;

        Assert.Null(review.Return(returned with { Reason = "另一个原因", At = At(2, 4) }));
        var slice = new SliceKey("CompoundRoster", "2021-01", Qingyuan);
        var appeals = new SliceKey("AppealCounts", "2021-01", Qingyuan);
        Assert.Single(review.OpenAgainst([(slice, new Upload("2021-01/清源.csv", At(2, 2), "e1")), (appeals, new Upload("2021-01/诉求.csv", At(2, 9), "e2"))]));
        Assert.Empty(review.OpenAgainst([(slice, new Upload("2021-01/清源-更正.csv", At(2, 4), "e3"))]));
        Assert.Equal("2021-01/诉求.csv", PeriodReview.Standing([(slice, null), (appeals, new Upload("2021-01/诉求.csv", At(2, 9), "e2"))], Qingyuan, Obligation.Parse("AppealCounts|TicketExport"))!.File);
    }

    [Fact]
    public void Corrections_after_close_wait_with_the_version_they_came_after_until_dismissed_or_applied()
    {
        var closing = PeriodClosing.None.Close(At(2, 6), "一月通报")!.Reopen(At(2, 7), "补报")!.Close(At(2, 8), null)!;
        var accepted = Accepted("2021-01/清源.csv", At(2, 2));
        var afterFirst = RefusedClosed("2021-01/清源-更正.csv", At(2, 6, 18));
        var afterSecond = RefusedClosed("2021-01/兴丰-更正.csv", At(2, 9), Xingfeng);

        var ledger = SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [accepted, afterFirst, afterSecond], At(2, 10), closing);

        Assert.Equal([("2021-01/清源-更正.csv", 1), ("2021-01/兴丰-更正.csv", 2)], ledger.Waiting.Select(w => (w.File, w.AfterOfficialVersion)));
        Assert.Equal(["兴丰街道"], ledger.Waiting[1].StreetNames);
        Assert.Equal(SubmissionStatus.OnTime, Entry(ledger).Status); // not the street's submission

        var review = PeriodReview.None.Dismiss(new CorrectionDismissal(afterSecond.File, At(2, 9), "已并入二月", At(2, 10)))!;
        var dismissed = SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [accepted, afterFirst, afterSecond], At(2, 10), closing, review);
        Assert.Equal(["2021-01/清源-更正.csv"], dismissed.Waiting.Select(w => w.File));
        Assert.Equal(("2021-01/兴丰-更正.csv", "已并入二月"), (dismissed.Dismissed.Single().File, dismissed.Dismissed.Single().Reason));
        Assert.Null(review.Dismiss(new CorrectionDismissal(afterSecond.File, At(2, 9), "再次", At(2, 11))));

        // The same path uploaded again is a new correction, which the dismissal does not cover.
        var reupload = RefusedClosed(afterSecond.File, At(2, 12), Xingfeng);
        Assert.Equal(2, SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [accepted, afterFirst, afterSecond, reupload], At(2, 13), closing, review).Waiting.Count);

        // Replayed after a reopen, its receipt is accepted: it waits no more.
        var applied = afterFirst with { Status = ReceiptStatus.Accepted, RefusedClosed = false };
        Assert.DoesNotContain(SubmissionLedger.Build("2021-01", Daxing, SubmissionRules.Default, [accepted, applied], At(2, 13), closing).Waiting, w => w.File == afterFirst.File);
    }

    [Fact]
    public void A_return_notice_has_a_bounded_deterministic_id_and_says_why()
    {
        var returned = ReturnOf(new string('长', 2000) + ".csv", At(2, 2), At(2, 3)) with { Obligation = "AppealCounts|TicketExport" };

        var notice = ReturnNotice.For("2021-01", returned, "清源街道", "诉求办理统计 / 12345 工单明细", "110115", "大兴区");

        Assert.Equal(notice.MessageId, ReturnNotice.For("2021-01", returned with { Reason = "x", At = At(2, 5) }, "清源街道", "-", "110115", "大兴区").MessageId);
        Assert.True(notice.MessageId.Length <= 128, notice.MessageId);
        Assert.Equal((SubmissionReturn.MessageSubject, "application/json; charset=utf-8"), (notice.Subject, notice.ContentType));
        Assert.Contains("\"reason\": \"户数有误\"", notice.Body, StringComparison.Ordinal);
        Assert.Contains("2021-02-03 12:00", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Obligations_are_found_by_key_kind_or_label()
    {
        var rules = SubmissionRules.Default;

        Assert.Equal("AppealCounts|TicketExport", rules.Find("ticketexport")!.Key);
        Assert.Equal("AppealCounts|TicketExport", rules.Find("诉求办理统计 / 12345 工单明细")!.Key);
        Assert.Equal("CompoundRoster", rules.Find("小区物业台账")!.Key);
        Assert.Null(rules.Find("Budget"));
    }
}
