using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Model;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;

namespace Pipeline.Core.Tests.Report;

public sealed class TrendTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private const string Xingfeng = "110115001000";

    /// <summary>Thirteen periods, 2019-12 … 2020-12: each month 清源 has one more compound, 兴丰 appeals every other month.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, StreetAggregate>> ThirteenPeriods()
    {
        var data = new Dictionary<string, IReadOnlyDictionary<string, StreetAggregate>>();
        for (var month = 0; month < 13; month++)
        {
            var period = Periods.Add("2019-12", month);
            var qingyuan = StreetAggregate.Compute(Qingyuan, [.. Enumerable.Range(0, month + 1).Select(i => Compound($"小区{i}", service: i % 2 == 0))],
                [Counts("枣园社区", 10 + month, 10, 10, 5 + (month % 5), 8, 1, 1)], [], FigureSettings.Default).Street;
            var streets = new Dictionary<string, StreetAggregate> { [Qingyuan] = qingyuan };
            if (month % 2 == 0)
            {
                streets[Xingfeng] = StreetAggregate.Compute(Xingfeng, [], [Counts("甲社区", 10, 10, 10, 9, 9, 0, 1, street: Xingfeng)], [], FigureSettings.Default).Street;
            }

            data[period] = streets;
        }

        return data;
    }

    [Fact]
    public void Thirteen_periods_give_twelve_point_series_equal_to_each_periods_own_summary()
    {
        var data = ThirteenPeriods();

        var trend = TrendBuilder.Build(Daxing, "2020-12", data, FigureSettings.Default);

        Assert.Equal(Enumerable.Range(1, 12).Select(m => Periods.Add("2019-12", m)), trend.Periods);
        foreach (var (period, i) in trend.Periods.Select((p, i) => (p, i)))
        {
            var summary = SummaryBuilder.Build(Daxing, period, SummaryDocument.Monthly, 1, DateTimeOffset.UnixEpoch, data[period], data[Periods.Previous(period)], FigureSettings.Default);
            foreach (var indicator in Indicators.All)
            {
                Assert.Equal(SummaryBuilder.Value(indicator, summary.District.Property, summary.District.Appeals), trend.District.Indicators[indicator][i]);
                var street = summary.Streets.Single(s => s.Code == Xingfeng);
                Assert.Equal(SummaryBuilder.Value(indicator, street.Property, street.Appeals), trend.Streets.Single(s => s.Code == Xingfeng).Indicators[indicator][i]);
            }

            Assert.Equal(summary.Streets.Select(s => s.Rank), trend.Streets.Select(s => s.Ranks[i]));
        }

        // 兴丰 reported in even months only: its series has gaps, never zeros.
        Assert.Equal([null, 0.9, null, 0.9], trend.Streets.Single(s => s.Code == Xingfeng).Indicators[Indicators.ResolutionRate].Take(4));
        Assert.Equal(13, trend.Streets.Single(s => s.Code == Qingyuan).Indicators[Indicators.PropertyServiceRate].Count(v => v is not null) + 1);
    }

    [Fact]
    public void A_trend_without_earlier_data_has_nulls_before_the_first_period()
    {
        var data = ThirteenPeriods();

        var trend = TrendBuilder.Build(Daxing, "2020-03", data, FigureSettings.Default);

        Assert.Equal("2019-04", trend.Periods[0]);
        Assert.All(trend.District.Indicators[Indicators.ResponseRate].Take(8), v => Assert.Null(v));
        Assert.NotNull(trend.District.Indicators[Indicators.ResponseRate][8]);
    }

    [Fact]
    public void The_trend_page_has_every_point_in_a_table_with_its_value_and_the_data_for_the_charts()
    {
        var trend = TrendBuilder.Build(Daxing, "2020-12", ThirteenPeriods(), FigureSettings.Default);

        var files = ReportSite.TrendFiles(trend, ReportSamples.ChartLibrary);
        var page = files.File("reports/2020-12/trend.html").Text();

        Assert.Equal(trend.Periods.Count, Regex.Matches(Regex.Match(page, "<table id=\"table-responseRate\".*?</thead>", RegexOptions.Singleline).Value, "<th scope=\"col\">").Count);
        var row = Regex.Match(page, "<table id=\"table-resolutionRate\".*?<tr data-code=\"110115001000\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.StartsWith("<th scope=\"row\" class=\"text\">兴丰街道</th><td data-value=\"\">—</td><td data-value=\"0.9\">90.00%</td>", row, StringComparison.Ordinal);
        var data = Regex.Match(page, "<script type=\"application/json\" id=\"trend-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        using var json = JsonDocument.Parse(data);
        Assert.Equal(12, json.RootElement.GetProperty("periods").GetArrayLength());
        using var file = JsonDocument.Parse(files.File("reports/2020-12/trend.json").Content);
        Assert.Equal("governance-trend/v1", file.RootElement.GetProperty("schema").GetString());
        var script = Regex.Match(page, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script))), System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }
}
