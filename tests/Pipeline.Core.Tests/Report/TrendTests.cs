using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Model;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.Tests.Forms;
using static Pipeline.Core.Tests.Figures.FigureRows;
using Pipeline.Core.Forms;

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
            var qingyuan = Street(Qingyuan, [.. Enumerable.Range(0, month + 1).Select(i => Compound($"小区{i}", service: i % 2 == 0))],
                [Counts("枣园社区", 10 + month, 10, 10, 5 + (month % 5), 8, 1, 1)], [], CompiledCatalog.Builtin).Street;
            var streets = new Dictionary<string, StreetAggregate> { [Qingyuan] = qingyuan };
            if (month % 2 == 0)
            {
                streets[Xingfeng] = Street(Xingfeng, [], [Counts("甲社区", 10, 10, 10, 9, 9, 0, 1, street: Xingfeng)], [], CompiledCatalog.Builtin).Street;
            }

            data[period] = streets;
        }

        return data;
    }

    /// <summary>Each of the twelve periods up to 2020-12 (and 2019-12) with its aggregates, or none, valued by <paramref name="catalog"/>.</summary>
    public static IReadOnlyDictionary<string, TrendPeriod> Valued(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, StreetAggregate>> data, CompiledCatalog? catalog = null) =>
        Enumerable.Range(0, 13).Select(m => Periods.Add("2019-12", m)).ToDictionary(p => p,
            p => new TrendPeriod(data.GetValueOrDefault(p) ?? new Dictionary<string, StreetAggregate>(), catalog ?? CompiledCatalog.Builtin));

    [Fact]
    public void Thirteen_periods_give_twelve_point_series_equal_to_each_periods_own_summary()
    {
        var data = ThirteenPeriods();

        var trend = TrendBuilder.Build(Daxing, "2020-12", Valued(data));

        Assert.Equal(Enumerable.Range(1, 12).Select(m => Periods.Add("2019-12", m)), trend.Periods);
        foreach (var (period, i) in trend.Periods.Select((p, i) => (p, i)))
        {
            var summary = SummaryBuilder.Build(Daxing, period, SummaryDocument.Monthly, 1, DateTimeOffset.UnixEpoch, data[period], data[Periods.Previous(period)], CompiledCatalog.Builtin);
            foreach (var indicator in Indicators.All)
            {
                Assert.Equal(Value(indicator, summary.District.Property, summary.District.Appeals), trend.District.Indicators[indicator][i]);
                var street = summary.Streets.Single(s => s.Code == Xingfeng);
                Assert.Equal(Value(indicator, street.Property, street.Appeals), trend.Streets.Single(s => s.Code == Xingfeng).Indicators[indicator][i]);
            }

            Assert.Equal(summary.Streets.Select(s => s.Rank), trend.Streets.Select(s => s.Ranks[i]));
        }

        // 兴丰 reported in even months only: its series has gaps, never zeros.
        Assert.Equal([null, 0.9, null, 0.9], trend.Streets.Single(s => s.Code == Xingfeng).Indicators[Indicators.ResolutionRate].Take(4));
        Assert.Equal(13, trend.Streets.Single(s => s.Code == Qingyuan).Indicators[Indicators.PropertyServiceRate].Count(v => v is not null) + 1);
    }

    [Fact]
    public void A_form_a_catalog_version_adds_is_a_series_from_that_version_on_and_the_older_series_stay_as_they_were()
    {
        var data = ThirteenPeriods();
        var sorting = CatalogVariants.WithSortingForm(effectiveFrom: "2020-07");
        var withSorting = new Dictionary<string, IReadOnlyDictionary<string, StreetAggregate>>();
        foreach (var (period, streets) in data)
        {
            var month = int.Parse(period[5..], System.Globalization.CultureInfo.InvariantCulture);
            withSorting[period] = string.CompareOrdinal(period, "2020-07") < 0 ? streets : streets.ToDictionary(s => s.Key, s => s.Key != Qingyuan ? s.Value : s.Value with
            {
                Measures = new Dictionary<string, MeasureTotals>
                {
                    ["GarbageSorting"] = new(new Dictionary<string, double> { ["communities"] = 4, ["supervised"] = month % 4, ["households"] = 200, ["participating"] = 190 },
                        new Dictionary<string, IReadOnlyDictionary<string, double>>()),
                },
            });
        }

        var valued = Valued(withSorting).ToDictionary(p => p.Key, p => string.CompareOrdinal(p.Key, "2020-07") < 0 ? p.Value : p.Value with { Catalog = sorting });
        var trend = TrendBuilder.Build(Daxing, "2020-12", valued);
        var before = TrendBuilder.Build(Daxing, "2020-12", Valued(data));

        // The newest version's indicators in its order, then the score: the added form's are listed with their form.
        Assert.Equal([.. Indicators.All.Take(6), "supervisionCoverage", "participationRate", Indicators.Score], trend.Legend.Select(l => l.Code));
        Assert.Equal(("GarbageSorting", IndicatorFormat.Percent, "督导覆盖率"), (trend.Legend[6].Form, trend.Legend[6].Format, trend.Legend[6].Title.Zh));
        var coverage = trend.Streets.Single(s => s.Code == Qingyuan).Indicators["supervisionCoverage"];
        Assert.Equal([null, null, null, null, null, null, 3 / 4.0, 0, 1 / 4.0, 2 / 4.0, 3 / 4.0, 0], coverage);
        Assert.Equal(coverage, trend.District.Indicators["supervisionCoverage"]);
        Assert.All(trend.Streets.Single(s => s.Code == Xingfeng).Indicators["participationRate"], v => Assert.Null(v));
        foreach (var indicator in Indicators.All)
        {
            Assert.Equal(before.District.Indicators[indicator], trend.District.Indicators[indicator]);
            Assert.Equal(before.Streets.Select(s => s.Indicators[indicator]), trend.Streets.Select(s => s.Indicators[indicator]));
        }

        Assert.Equal(before.Streets.Select(s => s.Ranks), trend.Streets.Select(s => s.Ranks));

        // The page has the added form's chart and table, formatted as the catalog says.
        var page = ReportSite.TrendFiles(trend, ReportSamples.ChartLibrary).File("reports/2020-12/trend.html").Text();
        var row = Regex.Match(page, "<table id=\"table-supervisionCoverage\".*?<tr data-code=\"110115003000\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<td data-value=\"0.75\">75.00%</td><td data-value=\"0\">0.00%</td>", row, StringComparison.Ordinal);
        Assert.Contains("<h2>督导覆盖率 <span class=\"en\">Supervision coverage</span></h2>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trend_without_earlier_data_has_nulls_before_the_first_period()
    {
        var data = ThirteenPeriods();

        var trend = TrendBuilder.Build(Daxing, "2020-03", Valued(data));

        Assert.Equal("2019-04", trend.Periods[0]);
        Assert.All(trend.District.Indicators[Indicators.ResponseRate].Take(8), v => Assert.Null(v));
        Assert.NotNull(trend.District.Indicators[Indicators.ResponseRate][8]);
    }

    [Fact]
    public void The_trend_page_has_every_point_in_a_table_with_its_value_and_the_data_for_the_charts()
    {
        var trend = TrendBuilder.Build(Daxing, "2020-12", Valued(ThirteenPeriods()));

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

    /// <summary>The value of <paramref name="indicator"/> (a key of <see cref="Indicators.All"/>) in a v2 summary's figures.</summary>
    private static double? Value(string indicator, PropertySummary? property, AppealSummary? appeals) => indicator switch
    {
        Indicators.PropertyServiceRate => property?.PropertyServiceRate,
        Indicators.OwnerOrganizationRate => property?.OwnerOrganizationRate,
        Indicators.PartyOrganizationRate => property?.PartyOrganizationRate,
        Indicators.ResponseRate => appeals?.ResponseRate,
        Indicators.ResolutionRate => appeals?.ResolutionRate,
        Indicators.SatisfactionRate => appeals?.SatisfactionRate,
        Indicators.Score => appeals?.Score,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, "not an indicator of the v2 summary"),
    };
}
