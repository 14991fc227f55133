using System.Globalization;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Model;

namespace Pipeline.Core.Tests.Ingest;

public sealed class CellValuesTests
{
    [Theory]
    [InlineData("是", true)] [InlineData("否", false)] [InlineData("有", true)] [InlineData("无", false)]
    [InlineData("√", true)] [InlineData("×", false)] [InlineData("✓", true)] [InlineData("✗", false)]
    [InlineData("Y", true)] [InlineData("n", false)] [InlineData("Yes", true)] [InlineData("NO", false)]
    [InlineData("TRUE", true)] [InlineData("false", false)] [InlineData("1", true)] [InlineData("0", false)]
    [InlineData(" 是 ", true)] [InlineData("１", true)]
    public void Booleans_are_read_in_every_form_clerks_use(string text, bool expected)
    {
        Assert.True(CellValues.TryBoolean(Cell.FromText(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("maybe")] [InlineData("2")] [InlineData("是的吧")]
    public void Anything_else_is_not_a_boolean(string text) =>
        Assert.False(CellValues.TryBoolean(Cell.FromText(text), out _));

    [Theory]
    [InlineData("1234", 1234)] [InlineData("1,234", 1234)] [InlineData("１２３４", 1234)] [InlineData("1，234", 1234)] [InlineData("1,234,567", 1234567)]
    [InlineData("12.0", 12)] [InlineData(" 7 ", 7)] [InlineData("0", 0)]
    public void Counts_accept_full_width_digits_and_separators(string text, long expected)
    {
        Assert.Equal(CountParse.Ok, CellValues.TryCount(Cell.FromText(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-3", CountParse.Negative)] [InlineData("2.5", CountParse.NotWhole)] [InlineData("十二", CountParse.NotANumber)]
    [InlineData("12件", CountParse.NotANumber)] [InlineData("1,2,3", CountParse.NotANumber)] [InlineData("1 0", CountParse.NotANumber)]
    [InlineData("12,34", CountParse.NotANumber)] [InlineData("1,2345", CountParse.NotANumber)] [InlineData(",123", CountParse.NotANumber)]
    [InlineData("1,234,56", CountParse.NotANumber)] [InlineData("1，2，3", CountParse.NotANumber)]
    public void Bad_counts_say_why(string text, CountParse expected) =>
        Assert.Equal(expected, CellValues.TryCount(Cell.FromText(text), out _));

    [Theory]
    [InlineData("2020-12", "2020-12")] [InlineData("2020年12月", "2020-12")] [InlineData("2020年1月", "2020-01")]
    [InlineData("2020/12", "2020-12")] [InlineData("2020.12", "2020-12")] [InlineData("202012", "2020-12")]
    [InlineData("2020-12-01", "2020-12")] [InlineData("2020-12-01T00:00:00", "2020-12")] [InlineData("２０２０年１２月", "2020-12")]
    public void Periods_are_read_from_every_common_spelling(string text, string expected)
    {
        Assert.Equal(PeriodParse.Ok, CellValues.TryPeriod(Cell.FromText(text), out var period));
        Assert.Equal(expected, period);
    }

    [Theory]
    [InlineData("2020-13")] [InlineData("12月")] [InlineData("1999-12")] [InlineData("December")]
    // Digits of other scripts match \d but are no digits a period is written in: refused, never an exception.
    [InlineData("٢٠٢٠-١٠")] [InlineData("२०२०-१०")]
    public void Impossible_periods_are_refused(string text) =>
        Assert.Equal(PeriodParse.NotAPeriod, CellValues.TryPeriod(Cell.FromText(text), out _));

    [Theory]
    [InlineData("2020.1", "0.00", "2020-10")] // what the clerk sees: 2020.10
    [InlineData("2020.1", "0.0", "2020-01")]
    [InlineData("2020.12", "0.00", "2020-12")]
    [InlineData("202010", "0", "2020-10")]
    public void A_period_written_as_a_number_is_read_as_its_format_shows_it(string number, string shown, string expected)
    {
        var display = shown.Contains('.') ? double.Parse(number, CultureInfo.InvariantCulture).ToString("F" + (shown.Length - shown.IndexOf('.') - 1), CultureInfo.InvariantCulture) : number;
        Assert.Equal(PeriodParse.Ok, CellValues.TryPeriod(Cell.Number(number, display), out var period));
        Assert.Equal(expected, period);
    }

    [Fact]
    public void A_period_number_with_a_fraction_and_no_format_to_show_it_by_is_ambiguous() =>
        Assert.Equal(PeriodParse.Ambiguous, CellValues.TryPeriod(Cell.Number("2020.1", null), out _));

    [Fact]
    public void Dates_in_arabic_indic_digits_are_refused_not_thrown() =>
        Assert.False(CellValues.TryLocalDateTime(Cell.FromText("٢٠٢٠-١٢-٠١ ٠٨:٣٠"), out _));

    [Theory]
    [InlineData("2020-12-01 08:30:05", 2020, 12, 1, 8, 30, 5)]
    [InlineData("2020/12/1 8:30", 2020, 12, 1, 8, 30, 0)]
    [InlineData("2020-12-01T23:59:59", 2020, 12, 1, 23, 59, 59)]
    [InlineData("2020年12月1日 8时30分", 2020, 12, 1, 8, 30, 0)]
    [InlineData("2020-12-31", 2020, 12, 31, 0, 0, 0)]
    public void Date_times_are_read_as_Beijing_local_time(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(CellValues.TryLocalDateTime(Cell.FromText(text), out var value));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s), value);
    }

    [Theory]
    [InlineData("2020-02-30 08:00")] [InlineData("yesterday")] [InlineData("2020-12-01 25:00")]
    public void Impossible_date_times_are_refused(string text) =>
        Assert.False(CellValues.TryLocalDateTime(Cell.FromText(text), out _));

    [Theory]
    [InlineData("95.02%", 0.9502)] [InlineData("0.9502", 0.9502)] [InlineData("95.02", 0.9502)] [InlineData("100%", 1.0)]
    public void Rates_are_read_as_fractions(string text, double expected)
    {
        Assert.True(CellValues.TryRate(Cell.FromText(text), out var value));
        Assert.Equal(expected, value, 10);
    }

    [Theory]
    [InlineData("1.005")] [InlineData("1.5")] [InlineData("100.5%")] [InlineData("100.5")] [InlineData("１．００５")] [InlineData("-0.5")]
    public void A_rate_above_100_percent_is_not_a_rate_in_any_spelling(string text) =>
        Assert.False(CellValues.TryRate(Cell.FromText(text), out _));

    [Theory]
    [InlineData("1", 1.0)] [InlineData("1.0", 1.0)] [InlineData("2", 0.02)] [InlineData("100", 1.0)] [InlineData("0", 0.0)]
    public void Bare_numbers_are_fractions_up_to_1_and_percentages_from_2(string text, double expected)
    {
        Assert.True(CellValues.TryRate(Cell.FromText(text), out var value));
        Assert.Equal(expected, value, 10);
    }

    [Fact]
    public void Text_is_NFKC_normalised_and_trimmed() =>
        Assert.Equal("清源街道 (东区) ABC", TextValues.Normalize("\u200B 清源街道\u3000（东区）  ＡＢＣ \t"));

    [Fact]
    public void Normalised_text_has_no_bidi_controls_or_zero_width_characters() =>
        Assert.Equal("清源街道 枣园社区", TextValues.Normalize("\u202E清源\u200E街道\u2066 枣园\u2060社区\u2069\u202C"));
}
