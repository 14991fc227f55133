using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Figures;

public sealed class CommunityGroupTests
{
    private const string Xingfeng = "110115001000";
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    // The 17 pilot communities of the bulletin (see FiguresTests): community averages 100 %, 95.02 %, 94.47 %.
    private static readonly long[] Valid = [30, 18, 29, 23, 37, 48, 35, 25, 57, 34, 17, 17, 19, 24, 32, 57, 29];
    private static readonly long[] Resolved = [30, 16, 27, 23, 35, 46, 35, 25, 54, 31, 14, 14, 19, 23, 32, 55, 29];
    private static readonly long[] Satisfied = [28, 15, 24, 19, 36, 46, 32, 21, 55, 33, 14, 16, 14, 19, 29, 55, 26];
    private static readonly long[] Basic = [1, 1, 3, 2, 0, 1, 1, 2, 1, 1, 2, 1, 3, 3, 2, 1, 2];
    private static readonly long[] Unsatisfied = [1, 2, 2, 2, 1, 1, 2, 2, 1, 0, 1, 0, 2, 2, 1, 1, 1];

    /// <summary>Pilots 1–9 in 清源, 10–17 in 兴丰, each street with other communities that are no pilots and do worse.</summary>
    private static string PilotCode(int i) => i < 9 ? $"110115003{i + 1:D3}" : $"110115001{i - 8:D3}";

    private static DivisionRegistry WithGroups(params CommunityGroup[] groups) => Divisions.GeneratedDistrict.DaxingWith(groups);

    private static SummaryDocument Build(DivisionRegistry registry)
    {
        var pilots = Enumerable.Range(0, 17).Select(i => Counts($"试点社区{i + 1:D2}", Valid[i] + 3, Valid[i], Valid[i], Resolved[i], Satisfied[i], Basic[i], Unsatisfied[i],
            street: i < 9 ? Qingyuan : Xingfeng, code: PilotCode(i))).ToList();
        var others = new[] { (Qingyuan, "110115003050"), (Qingyuan, "110115003051"), (Xingfeng, "110115001050") }
            .Select((o, i) => Counts($"其他社区{i}", 40, 40, 30, 20, 20, 5, 15, street: o.Item1, code: o.Item2)).ToList();
        var streets = new[] { Qingyuan, Xingfeng }.Select(code => FigureRows.Street(code, [],
            [.. pilots.Concat(others).Where(c => c.StreetCode == code)], [], CompiledCatalog.Builtin)).ToList();
        return SummaryBuilder.Build(registry, Period, SummaryDocument.Monthly, 1, DateTimeOffset.UnixEpoch,
            streets.ToDictionary(s => s.Street.StreetCode, s => s.Street), new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin,
            communities: [.. streets.SelectMany(s => s.Communities)]);
    }

    private static string Percent(double? rate) => rate!.Value.ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_group_of_the_17_pilot_communities_gives_the_bulletins_figures_inside_a_district_with_more()
    {
        var pilot = new CommunityGroup("lajiachang", "拉家常议事会试点", [.. Enumerable.Range(0, 17).Select(PilotCode)]);

        var summary = Build(WithGroups(pilot));

        var group = Assert.Single(summary.Groups);
        Assert.Equal(("拉家常议事会试点", 17, 17), (group.Name, group.Members, group.Reporting));
        Assert.Equal("100.00%", Percent(group.Appeals!.CommunityAverage.ResponseRate));
        Assert.Equal("95.02%", Percent(group.Appeals.CommunityAverage.ResolutionRate));
        Assert.Equal("94.47%", Percent(group.Appeals.CommunityAverage.SatisfactionRate));
        Assert.Equal(Valid.Sum(), group.Appeals.ValidVisits);
        Assert.Equal(Resolved.Sum() / (double)Valid.Sum(), group.Appeals.ResolutionRate);
        // The district, with its other communities, is another matter.
        Assert.NotEqual("95.02%", Percent(summary.District.Appeals!.CommunityAverage.ResolutionRate));
        Assert.Equal(Valid.Sum() + 120, summary.District.Appeals.ValidVisits);
    }

    [Fact]
    public void A_community_in_two_groups_counts_in_both_and_a_member_without_figures_is_not_reporting()
    {
        var first = new CommunityGroup("a", "甲组", [PilotCode(0), PilotCode(9)]);
        var second = new CommunityGroup("b", "乙组", [PilotCode(9), "110115003099"]);

        var summary = Build(WithGroups(first, second));

        Assert.Equal(Valid[0] + Valid[9], summary.Groups[0].Appeals!.ValidVisits);
        Assert.Equal((2, 1, Valid[9]), (summary.Groups[1].Members, summary.Groups[1].Reporting, summary.Groups[1].Appeals!.ValidVisits));
    }

    [Theory]
    [InlineData("110115099001")]
    [InlineData("11011500300")]
    public void A_group_member_outside_the_registry_is_refused_with_its_code(string member)
    {
        var failure = Assert.Throws<FormatException>(() => WithGroups(new CommunityGroup("g", "试点", [PilotCode(0), member])));

        Assert.Equal($"registry: g, communities ({member}): is not a 12-digit community code in a street of the registry, in group 试点", failure.Message);
    }

    [Fact]
    public void Groups_are_read_from_the_registry_file()
    {
        var registry = DivisionRegistry.Parse("""
            { "district": { "code": "110115", "name": "大兴区" },
              "streets": [ { "code": "110115003000", "name": "清源街道" } ],
              "groups": [ { "code": "pilot", "name": "试点", "communities": [ "110115003001", "110115003002" ] } ] }
            """);

        Assert.Equal(new[] { "110115003001", "110115003002" }, Assert.Single(registry.Groups).Communities);
        Assert.Empty(Daxing.Groups);
    }
}
