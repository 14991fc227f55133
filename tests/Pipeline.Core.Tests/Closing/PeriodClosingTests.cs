using Pipeline.Core.Closing;

namespace Pipeline.Core.Tests.Closing;

public sealed class PeriodClosingTests
{
    private static readonly DateTimeOffset January6 = new(2021, 1, 6, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Closes_are_official_versions_1_2_and_reopens_sit_between_them()
    {
        var first = PeriodClosing.None.Close(January6, " 一月通报 ")!;
        var reopened = first.Reopen(January6.AddDays(2), "兴丰街道更正台账")!;
        var second = reopened.Close(January6.AddDays(3), null)!;

        Assert.Equal((true, 1, 1), (first.IsClosed, first.OfficialVersion, first.Step));
        Assert.Equal("一月通报", first.LastClose!.Text);
        Assert.Equal((false, 1, 2), (reopened.IsClosed, reopened.OfficialVersion, reopened.Step));
        Assert.Equal(new ClosingEvent(ClosingEvent.Reopened, 1, January6.AddDays(2), "兴丰街道更正台账"), reopened.Events[^1]);
        Assert.Equal((true, 2, 3), (second.IsClosed, second.OfficialVersion, second.Step));
        Assert.Null(second.LastClose!.Text);
    }

    [Fact]
    public void Closing_a_closed_period_or_reopening_an_open_one_changes_nothing()
    {
        var closed = PeriodClosing.None.Close(January6, null)!;

        Assert.Null(closed.Close(January6.AddHours(1), "again"));
        Assert.Null(PeriodClosing.None.Reopen(January6, "why"));
        Assert.Null(closed.Reopen(January6, "x")!.Reopen(January6, "y"));
    }

    [Fact]
    public void The_publication_says_official_with_its_version_or_provisional_with_the_last_one()
    {
        var closed = PeriodClosing.None.Close(January6, "一月通报")!;

        Assert.Equal(new Publication(Publication.Provisional, null, null, null), Publication.Of(PeriodClosing.None));
        Assert.Equal(new Publication(Publication.Official, 1, "2021-01-06T02:00:00Z", "一月通报"), Publication.Of(closed));
        Assert.Equal(new Publication(Publication.Provisional, 1, null, null), Publication.Of(closed.Reopen(January6.AddDays(1), "更正")!));
    }
}
