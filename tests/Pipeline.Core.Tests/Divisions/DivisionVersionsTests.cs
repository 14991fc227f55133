using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.Tests.Report;
using static Pipeline.Core.Tests.Divisions.GeneratedDistrict;

namespace Pipeline.Core.Tests.Divisions;

/// <summary>Registry versions: which one a period is read with, what may be published, and the trend through a street split.</summary>
public sealed class DivisionVersionsTests
{
    private static readonly DateTimeOffset At = new(2021, 3, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly DivisionHistory Deployed = History(JsonNode.Parse(Builtin())!);

    private static PublishedDivisions Published(JsonObject registry, string version, int minutes, string hash)
    {
        registry["version"] = version;
        return new PublishedDivisions(History(registry), $"110115/divisions/{version}.json", At.AddMinutes(minutes), hash);
    }

    [Fact]
    public void Open_periods_read_the_latest_version_and_a_closed_period_the_one_it_was_closed_with()
    {
        var split = Published(DivisionsInPeriodTests.StreetSplit(), "2021.2", 1, "b");
        var versions = new DivisionVersions(Deployed, [split, Published(Registry(), "2021.1", 0, "a")]);

        Assert.Equal("2021.2", versions.Current.Version);
        Assert.Equal(23, versions.For("2021-03", closedWith: null).Streets.Count);
        Assert.Equal(22, versions.For("2021-03", closedWith: DivisionVersions.Unversioned).Streets.Count);
        Assert.Equal(0, versions.For("2020-12", closedWith: DivisionVersions.Unversioned).Streets.Sum(s => s.Communities.Count));
        Assert.Equal(108, versions.For("2020-12", closedWith: "2021.1").Streets.Sum(s => s.Communities.Count));
        // A version this app no longer has (never published here) falls back to the current one.
        Assert.Equal(23, versions.For("2021-03", closedWith: "1999.1").Streets.Count);
    }

    [Fact]
    public void A_version_is_refused_without_a_number_with_a_number_taken_by_other_content_or_for_another_district()
    {
        var versions = new DivisionVersions(Deployed, [Published(Registry(), "2021.1", 0, "a")]);
        var unnumbered = new PublishedDivisions(History(Registry()), "x.json", At, "c");
        var other = (JsonObject)JsonNode.Parse("""{ "district": { "code": "110116", "name": "怀柔区" }, "streets": [ { "code": "110116001000", "name": "泉河街道" } ] }""")!;
        var elsewhere = new PublishedDivisions(History(other), "x.json", At, "d");

        Assert.Contains("names its version", versions.Refusal(unnumbered));
        Assert.Contains("version 2021.1 was published before", versions.Refusal(Published(DivisionsInPeriodTests.StreetSplit(), "2021.1", 5, "e")));
        Assert.Null(versions.Refusal(Published(Registry(), "2021.1", 5, "a")));
        Assert.Contains("district 110116", versions.Refusal(elsewhere));
    }

    [Fact]
    public void A_version_changes_the_divisions_from_the_first_period_it_states_otherwise()
    {
        var versions = new DivisionVersions(Deployed, []);

        Assert.Equal("2021-03", versions.ChangesFrom(DivisionsInPeriodTests.StreetSplit() is var split ? History(split) : null!));
        // Communities listed where there were none: every period's divisions differ.
        Assert.Equal(DivisionHistory.BeginningPeriod, versions.ChangesFrom(History(Registry())));
        // The villages' committees from 2021-01 against the villages listed always before.
        Assert.Equal(Converted, new DivisionVersions(History(Villages()), []).ChangesFrom(History(Registry())));
        Assert.Null(versions.ChangesFrom(Deployed));
    }

    /// <summary>The generated district's villages, listed as always in force (before the district dated their conversion).</summary>
    private static JsonObject Villages()
    {
        var registry = Registry();
        foreach (var street in registry["streets"]!.AsArray())
        {
            var communities = street!["communities"]?.AsArray();
            if (communities is null)
            {
                continue;
            }

            foreach (var community in communities.ToList())
            {
                if (community!["from"] is not null)
                {
                    communities.Remove(community);
                }
                else
                {
                    community.AsObject().Remove("until");
                    community.AsObject().Remove("successors");
                }
            }
        }

        return registry;
    }

    [Fact]
    public void The_trend_breaks_at_a_street_split_and_its_restated_view_shows_the_new_streets_predecessor()
    {
        var history = History(DivisionsInPeriodTests.StreetSplit());
        var periods = TrendBuilder.PeriodsOf("2021-04").ToList();
        // Resolved appeals of 10 set each street's score: 兴丰 9, then its parts 9 (东) and 3 (西); 林校路 5 throughout.
        var resolved = new Dictionary<string, long> { ["110115001000"] = 9, ["110115023000"] = 9, ["110115024000"] = 3, ["110115002000"] = 5 };
        StreetAggregate Street(string code, long compounds) => new(code, PropertyTally.Zero with { Compounds = compounds, WithPropertyService = compounds / 2 },
            new AppealAggregate(new AppealTally(10, 10, 10, resolved[code], 8, 1, 1), CommunityRateSums.Zero, AppealSource.Counts));
        var byPeriod = periods.ToDictionary(p => p, p => new TrendPeriod(
            string.CompareOrdinal(p, "2021-03") < 0
                ? new Dictionary<string, StreetAggregate> { ["110115001000"] = Street("110115001000", 100), ["110115002000"] = Street("110115002000", 40) }
                : new Dictionary<string, StreetAggregate>
                {
                    ["110115023000"] = Street("110115023000", 60), ["110115024000"] = Street("110115024000", 40), ["110115002000"] = Street("110115002000", 40),
                    // Stored figures of a street no longer in force (a late file before the split was known) are not the period's.
                    ["110115001000"] = Street("110115001000", 1000) with { Property = PropertyTally.Zero with { Compounds = 1000 } },
                },
            CompiledCatalog.Builtin) { Registry = history.In(p) });

        var trend = TrendBuilder.Build(history.In("2021-04"), "2021-04", byPeriod);

        var old = trend.Streets.Single(s => s.Code == "110115001000");
        var east = trend.Streets.Single(s => s.Code == "110115023000");
        Assert.Equal(("2021-02", null), (old.Until, old.Since));
        Assert.Equal(("2021-03", null), (east.Since, east.Until));
        // As reported: the old street's series ends, the new one's begins; nothing falls to zero.
        Assert.Equal(0.5, old.Indicators["propertyServiceRate"][periods.IndexOf("2021-02")]);
        Assert.Null(old.Indicators["propertyServiceRate"][periods.IndexOf("2021-03")]);
        Assert.Null(east.Indicators["propertyServiceRate"][periods.IndexOf("2021-02")]);
        // Restated: today's streets only, the new one showing its predecessor's whole figures before the split, marked.
        var restated = trend.Restated!.Single(s => s.Code == "110115023000");
        Assert.DoesNotContain(trend.Restated!, s => s.Code == "110115001000");
        Assert.Equal(["兴丰街道"], restated.Predecessors!);
        Assert.True(restated.Shared);
        Assert.Equal(0.5, restated.Indicators["propertyServiceRate"][periods.IndexOf("2021-02")]);
        Assert.Equal(east.Indicators["propertyServiceRate"][^1], restated.Indicators["propertyServiceRate"][^1]);
        // Ranks: as reported, among the streets in force then; restated, among today's streets, the parts of 兴丰 each with its score.
        var before = periods.IndexOf("2021-02");
        Assert.Equal([1, 2, null, null], new[] { "110115001000", "110115002000", "110115023000", "110115024000" }.Select(c => trend.Streets.Single(s => s.Code == c).Ranks[before]));
        Assert.Equal([null, 2, 1, 3], new[] { "110115001000", "110115002000", "110115023000", "110115024000" }.Select(c => trend.Streets.Single(s => s.Code == c).Ranks[^1]));
        Assert.Equal([3, 1, 2], new[] { "110115002000", "110115023000", "110115024000" }.Select(c => trend.Restated!.Single(s => s.Code == c).Ranks[before]));
        Assert.Equal([2, 1, 3], new[] { "110115002000", "110115023000", "110115024000" }.Select(c => trend.Restated!.Single(s => s.Code == c).Ranks[^1]));

        // Each period's district is pooled over the streets in force then.
        Assert.Equal(0.5, trend.District.Indicators["propertyServiceRate"][^1]);

        // The page marks both ends of the break and offers the restated view beside the view as reported.
        var page = ReportSite.TrendFiles(trend, ReportSamples.ChartLibrary).File("reports/2021-04/trend.html").Text();
        Assert.Contains("兴丰东街道 <small class=\"change-note\">2021-03 起设立 from 2021-03</small>", page, StringComparison.Ordinal);
        Assert.Contains("兴丰街道 <small class=\"change-note\">2021-02 后撤销 ended after 2021-02</small>", page, StringComparison.Ordinal);
        var restatedRow = Regex.Match(page, "<table id=\"restated-propertyServiceRate\".*?<tr data-code=\"110115023000\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("2021-03 前为兴丰街道整体数据（已分设）", restatedRow, StringComparison.Ordinal);
        Assert.Contains("<td data-value=\"0.5\" class=\"restated\">50.00%</td><td data-value=\"0.5\" class=\"change\">50.00%</td>", restatedRow, StringComparison.Ordinal);
    }

    [Fact]
    public void The_month_before_is_compared_as_it_was_a_merged_street_with_its_parts_pooled_and_a_split_street_with_nothing()
    {
        // 兴丰 and 林校路 merge into 兴丰林校路街道 from 2021-03; in another version, 兴丰 splits in two from 2021-03.
        var merged = JsonNode.Parse(Builtin())!.AsObject();
        var streets = merged["streets"]!.AsArray();
        foreach (var code in new[] { "110115001000", "110115002000" })
        {
            var street = streets.Single(s => (string)s!["code"]! == code)!.AsObject();
            street["until"] = "2021-02";
            street["successors"] = new JsonArray("110115023000");
        }

        streets.Add(new JsonObject { ["code"] = "110115023000", ["name"] = "兴丰林校路街道", ["from"] = "2021-03" });
        StreetAggregate Street(string code, long compounds, long withService) =>
            new(code, PropertyTally.Zero with { Compounds = compounds, WithPropertyService = withService }, null);
        var february = new Dictionary<string, StreetAggregate>
        {
            ["110115001000"] = Street("110115001000", 10, 5), ["110115002000"] = Street("110115002000", 30, 30), ["110115003000"] = Street("110115003000", 20, 10),
        };
        var at = new DateTimeOffset(2021, 4, 1, 0, 0, 0, TimeSpan.Zero);

        var afterMerge = SummaryBuilder.Build(History(merged).In("2021-03"), "2021-03", SummaryDocument.Monthly, 1, at,
            new Dictionary<string, StreetAggregate> { ["110115023000"] = Street("110115023000", 40, 36), ["110115003000"] = Street("110115003000", 20, 10) },
            february, CompiledCatalog.Builtin);
        var afterSplit = SummaryBuilder.Build(History(DivisionsInPeriodTests.StreetSplit()).In("2021-03"), "2021-03", SummaryDocument.Monthly, 1, at,
            new Dictionary<string, StreetAggregate> { ["110115023000"] = Street("110115023000", 6, 3), ["110115024000"] = Street("110115024000", 4, 2) },
            february, CompiledCatalog.Builtin);

        var mergedBefore = afterMerge.Streets.Single(s => s.Code == "110115023000").Previous!;
        Assert.Equal((40, 35, 0.875), (mergedBefore.Property!.Compounds, mergedBefore.Property.WithPropertyService, mergedBefore.Property.PropertyServiceRate));
        Assert.Null(mergedBefore.Rank);
        // The district's month before is February's district, over the streets in force then, whichever version reads it.
        Assert.Equal(60, afterMerge.District.Previous!.Property!.Compounds);
        Assert.Equal(60, afterSplit.District.Previous!.Property!.Compounds);
        Assert.All(afterSplit.Streets.Where(s => s.Code is "110115023000" or "110115024000"), s => Assert.Null(s.Previous));
        Assert.DoesNotContain(afterSplit.Streets, s => s.Code == "110115001000");
    }
}
