using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;
using Pipeline.Core.Model;
using Pipeline.Core.Forms;
using Pipeline.Core.Tests.Forms;

namespace Pipeline.Core.Tests.Figures;

public sealed class FiguresTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private static readonly DateTimeOffset At = new(2021, 1, 1, 17, 0, 0, TimeSpan.Zero);

    private static StreetAggregate Street(string code = Qingyuan, IEnumerable<FormRow>? compounds = null,
        IEnumerable<FormRow>? counts = null, IEnumerable<FormRow>? tickets = null, CompiledCatalog? catalog = null) =>
        StreetAggregate.Compute(code, [.. compounds ?? [], .. counts ?? [], .. tickets ?? []], catalog ?? CompiledCatalog.Builtin).Street;

    private static SummaryDocument Summary(IEnumerable<StreetAggregate> current, IEnumerable<StreetAggregate>? previous = null, CompiledCatalog? catalog = null) =>
        SummaryBuilder.Build(Daxing, Period, SummaryDocument.Monthly, 3, At, current.ToDictionary(s => s.StreetCode),
            (previous ?? []).ToDictionary(s => s.StreetCode), catalog ?? CompiledCatalog.Builtin);

    [Fact]
    public void Property_rates_are_shares_of_the_roster()
    {
        var street = Street(compounds:
        [
            Compound("A"), Compound("B", service: false, owner: "无", mode: null),
            Compound("C", owner: "物管会", party: false, mode: "红色物业"),
            Compound("D", owner: "有", type: "老旧小区", mode: "红色物业"),
        ]);

        var property = SummaryBuilder.Property(street.Property, CompiledCatalog.Builtin)!;
        Assert.Equal((4L, 3L, 3L, 3L), (property.Compounds, property.WithPropertyService, property.WithOwnerOrganization, property.WithPartyOrganization));
        Assert.Equal((0.75, 0.75, 0.75), (property.PropertyServiceRate, property.OwnerOrganizationRate, property.PartyOrganizationRate));
        Assert.Equal(new Dictionary<string, long> { ["专业物业"] = 1, ["无"] = 1, ["红色物业"] = 2 }, property.ByServiceMode);
        Assert.Equal(["专业物业", "无", "红色物业"], property.ByServiceMode.Keys);
        Assert.Equal(new Dictionary<string, long> { ["商品房"] = 3, ["老旧小区"] = 1 }, property.ByCompoundType);
    }

    [Fact]
    public void A_zero_denominator_gives_null_never_zero_or_NaN()
    {
        var summary = Summary([Street(counts: [Counts("枣园社区", 5, 0, 0, 0, 0, 0, 0)])]);

        var appeals = summary.Streets.Single(s => s.Code == Qingyuan).Appeals!;
        Assert.Equal(5, appeals.Received);
        Assert.Null(appeals.ResponseRate);
        Assert.Null(appeals.ResolutionRate);
        Assert.Null(appeals.SatisfactionRate);
        Assert.Null(appeals.Score);
        Assert.Equal(new CommunityAverage(null, null, null), appeals.CommunityAverage);
        Assert.Null(summary.Streets.Single(s => s.Code == Qingyuan).Rank);
        Assert.Null(summary.District.Property);
    }

    [Fact]
    public void Basically_satisfied_counts_at_the_weight_the_catalog_gives_it()
    {
        var counts = Counts("枣园社区", 120, 100, 98, 90, 80, 10, 10);

        var standard = SummaryBuilder.Appeals(Street(counts: [counts]).Appeals, CompiledCatalog.Builtin)!;
        var halved = SummaryBuilder.Appeals(Street(counts: [counts]).Appeals, CatalogVariants.Numerator(Indicators.SatisfactionRate, "satisfied + 0.5 * basic_satisfied"))!;

        Assert.Equal((0.98, 0.90, 0.89), (standard.ResponseRate, standard.ResolutionRate, standard.SatisfactionRate));
        Assert.Equal(0.85, halved.SatisfactionRate);
    }

    [Fact]
    public void The_score_weighs_response_resolution_and_satisfaction()
    {
        var appeals = SummaryBuilder.Appeals(Street(counts: [Counts("枣园社区", 100, 100, 100, 90, 80, 10, 10)]).Appeals, CompiledCatalog.Builtin)!;
        var custom = SummaryBuilder.Appeals(Street(counts: [Counts("枣园社区", 100, 100, 100, 90, 80, 10, 10)]).Appeals,
            CatalogVariants.Weights(new Dictionary<string, double> { [Indicators.ResponseRate] = 0.2, [Indicators.ResolutionRate] = 0.4, [Indicators.SatisfactionRate] = 0.4 }))!;

        Assert.Equal(100 * ((0.1 * 1.0) + (0.5 * 0.9) + (0.4 * 0.89)), appeals.Score!.Value, 12);
        Assert.Equal(90.6, appeals.Score!.Value, 12);
        Assert.Equal(91.6, custom.Score!.Value, 12);
    }

    [Fact]
    public void Tickets_count_as_defined_only_valid_ones_beyond_received()
    {
        var street = Street(tickets:
        [
            Ticket("1", valid: true, contacted: true, resolved: true, "满意"),
            Ticket("2", valid: true, contacted: true, resolved: false, "基本满意"),
            Ticket("3", valid: true, contacted: false, resolved: false, "不满意"),
            Ticket("4", valid: true, contacted: true, resolved: true, null),
            Ticket("5", valid: false, contacted: true, resolved: true, "满意"),
        ]);

        Assert.Equal(new AppealTally(5, 4, 3, 2, 1, 1, 1), street.Appeals!.Tally);
        Assert.Equal(AppealSource.Tickets, street.Appeals.Source);
    }

    [Fact]
    public void Tickets_take_precedence_over_counts_for_the_same_street_and_period()
    {
        var street = Street(counts: [Counts("枣园社区", 999, 999, 999, 999, 999, 0, 0)], tickets: [Ticket("1", true, true, true, "满意")]);

        Assert.Equal(new AppealTally(1, 1, 1, 1, 1, 0, 0), street.Appeals!.Tally);
        Assert.Equal("tickets", SummaryBuilder.Appeals(street.Appeals, CompiledCatalog.Builtin)!.Source);
    }

    [Fact]
    public void Street_rates_are_pooled_and_the_community_average_is_the_mean_of_community_rates()
    {
        var street = Street(counts:
        [
            Counts("甲社区", 10, 10, 10, 10, 10, 0, 0),
            Counts("乙社区", 90, 90, 90, 45, 45, 0, 0),
            Counts("丙社区", 3, 0, 0, 0, 0, 0, 0),
        ]);

        var appeals = SummaryBuilder.Appeals(street.Appeals, CompiledCatalog.Builtin)!;
        Assert.Equal(0.55, appeals.ResolutionRate!.Value, 12);
        Assert.Equal(0.75, appeals.CommunityAverage.ResolutionRate!.Value, 12);
        Assert.Equal(2, street.Appeals!.CommunitySums.Communities);
    }

    [Fact]
    public void The_district_pools_streets_never_averages_their_rates()
    {
        var summary = Summary(
        [
            Street(counts: [Counts("甲社区", 10, 10, 10, 10, 10, 0, 0)]),
            Street("110115001000", counts: [Counts("乙社区", 90, 90, 90, 45, 45, 0, 0, street: "110115001000")]),
        ]);

        Assert.Equal(0.55, summary.District.Appeals!.ResolutionRate!.Value, 12);
        Assert.Equal(0.75, summary.District.Appeals.CommunityAverage.ResolutionRate!.Value, 12);
        Assert.Equal(100, summary.District.Appeals.Received);
    }

    [Fact]
    public void Streets_rank_by_score_descending_ties_by_code_and_streets_without_data_have_no_rank()
    {
        var tie = (string code) => Street(code, counts: [Counts("社区", 10, 10, 10, 9, 9, 0, 1, street: code)]);
        var summary = Summary(
        [
            tie("110115111000"),
            Street("110115002000", counts: [Counts("社区", 10, 10, 10, 10, 10, 0, 0, street: "110115002000")]),
            tie("110115003000"),
            Street("110115013000", compounds: [Compound("A", street: "110115013000")]),
        ]);

        var ranks = summary.Streets.Where(s => s.Rank is not null).OrderBy(s => s.Rank).Select(s => (s.Code, s.Rank)).ToList();
        Assert.Equal([("110115002000", 1), ("110115003000", 2), ("110115111000", 3)], ranks);
        Assert.Null(summary.Streets.Single(s => s.Code == "110115013000").Rank);
    }

    [Fact]
    public void Every_street_of_the_registry_is_listed_in_code_order_with_nulls_where_there_is_no_data()
    {
        var summary = Summary([Street(compounds: [Compound("A")])]);

        Assert.Equal(Daxing.Streets.Select(s => s.Code), summary.Streets.Select(s => s.Code));
        Assert.Equal(21, summary.Streets.Count(s => s.Property is null && s.Appeals is null && s.Rank is null && s.Previous is null));
        Assert.Equal(("110115", "大兴区"), (summary.District.Code, summary.District.Name));
    }

    [Fact]
    public void Rates_below_their_targets_are_alerts_and_targets_are_the_catalogs()
    {
        var street = Street(compounds: [Compound("A"), Compound("B", service: false, mode: null), Compound("C", party: false)],
            counts: [Counts("枣园社区", 10, 10, 10, 9, 9, 0, 1)]);

        var defaults = Summary([street]).Streets.Single(s => s.Code == Qingyuan).Alerts;
        var strict = Summary([street], catalog: CatalogVariants.Targets(new Dictionary<string, double> { [Indicators.ResolutionRate] = 0.95 }, score: 99))
            .Streets.Single(s => s.Code == Qingyuan).Alerts;

        Assert.Equal([new Alert(Indicators.PropertyServiceRate, 2 / 3.0, 0.9), new Alert(Indicators.PartyOrganizationRate, 2 / 3.0, 0.9)], defaults);
        Assert.Equal([Indicators.ResolutionRate, Indicators.Score], strict.Select(a => a.Indicator));
    }

    [Fact]
    public void The_previous_period_travels_with_each_street_and_the_district()
    {
        var before = Street(compounds: [Compound("A", service: false, mode: null)]);
        var now = Street(compounds: [Compound("A")]);

        var summary = Summary([now], [before]);

        var previous = summary.Streets.Single(s => s.Code == Qingyuan).Previous!;
        Assert.Equal(("2020-11", 0.0), (previous.Period, previous.Property!.PropertyServiceRate));
        Assert.Equal(0.0, summary.District.Previous!.Property!.PropertyServiceRate);
        Assert.Null(summary.Streets.Single(s => s.Code == "110115001000").Previous);
    }

    [Fact]
    public void The_same_rows_give_byte_identical_documents()
    {
        IEnumerable<StreetAggregate> Streets() =>
        [
            Street(compounds: [Compound("A"), Compound("B", mode: "红色物业"), Compound("C", mode: "国企兜底")], counts: [Counts("甲", 7, 6, 6, 5, 4, 1, 1), Counts("乙", 3, 3, 3, 2, 2, 0, 1)]),
            Street("110115001000", tickets: [Ticket("1", true, true, true, "满意", street: "110115001000")]),
        ];

        Assert.Equal(SummaryJson.Serialize(Summary(Streets())), SummaryJson.Serialize(Summary(Streets().Reverse())));
    }

    [Fact]
    public void It_reproduces_the_pilot_bulletin_community_averages_and_the_roster_of_formerly_unmanaged_compounds()
    {
        // 17 pilot communities: every appeal responded to; the bulletin quotes the community averages 100 %, 95.02 %, 94.47 %.
        long[] valid = [30, 18, 29, 23, 37, 48, 35, 25, 57, 34, 17, 17, 19, 24, 32, 57, 29];
        long[] resolved = [30, 16, 27, 23, 35, 46, 35, 25, 54, 31, 14, 14, 19, 23, 32, 55, 29];
        long[] satisfied = [28, 15, 24, 19, 36, 46, 32, 21, 55, 33, 14, 16, 14, 19, 29, 55, 26];
        long[] basic = [1, 1, 3, 2, 0, 1, 1, 2, 1, 1, 2, 1, 3, 3, 2, 1, 2];
        long[] unsatisfied = [1, 2, 2, 2, 1, 1, 2, 2, 1, 0, 1, 0, 2, 2, 1, 1, 1];
        var counts = Enumerable.Range(0, 17)
            .Select(i => Counts($"试点社区{i + 1:D2}", valid[i] + 3, valid[i], valid[i], resolved[i], satisfied[i], basic[i], unsatisfied[i]));
        // 56 formerly unmanaged compounds (老旧小区, 三无小区), all now served: 红色物业, 国企兜底, 先尝后买 …
        string[] modes = ["红色物业", "国企兜底", "先尝后买", "物业社会企业"];
        var compounds = Enumerable.Range(0, 56).Select(i => Compound($"小区{i}", mode: modes[i % 4], type: i % 2 == 0 ? "老旧小区" : "三无小区"));

        var summary = Summary([Street(compounds: compounds, counts: counts)]);

        var appeals = summary.District.Appeals!;
        Assert.Equal("100.00%", Percent(appeals.CommunityAverage.ResponseRate));
        Assert.Equal("95.02%", Percent(appeals.CommunityAverage.ResolutionRate));
        Assert.Equal("94.47%", Percent(appeals.CommunityAverage.SatisfactionRate));
        Assert.Equal(17 * 3 + valid.Sum(), appeals.Received);
        var property = summary.District.Property!;
        Assert.Equal((56L, 56L, "100.00%"), (property.Compounds, property.WithPropertyService, Percent(property.PropertyServiceRate)));
        Assert.Equal(14, property.ByServiceMode["国企兜底"]);
    }

    private static string Percent(double? rate) => rate!.Value.ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_score_that_weighs_a_catalog_forms_indicator_ranks_the_streets_by_it_in_the_summary_and_the_trend()
    {
        const string Xingfeng = "110115001000";
        var sorting = CatalogVariants.WithSortingForm(effectiveFrom: "2020-01");
        var weighted = CatalogVariants.With(_ => sorting.Catalog with
        {
            Score = sorting.Catalog.Score! with
            {
                Weights = new Dictionary<string, double>
                {
                    [Indicators.ResponseRate] = 0.1, [Indicators.ResolutionRate] = 0.5, [Indicators.SatisfactionRate] = 0.2, ["supervisionCoverage"] = 0.2,
                },
            },
        });
        static Dictionary<string, MeasureTotals> Supervised(double supervised) => new()
        {
            ["GarbageSorting"] = new(new Dictionary<string, double> { ["communities"] = 4, ["supervised"] = supervised, ["households"] = 100, ["participating"] = 90 },
                MeasureTotals.Zero.Breakdowns),
        };
        // 清源 handles appeals better; 兴丰 supervises all its communities, 清源 none.
        var qingyuan = Street(counts: [Counts("枣园社区", 10, 10, 10, 10, 10, 0, 0)]) with { Measures = Supervised(0) };
        var xingfeng = Street(Xingfeng, counts: [Counts("甲社区", 10, 10, 10, 9, 9, 0, 1, street: Xingfeng)]) with { Measures = Supervised(4) };

        var builtin = Summary([qingyuan, xingfeng]);
        var summary = Summary([qingyuan, xingfeng], catalog: weighted);

        Assert.Equal((1, 2), (builtin.Streets.Single(s => s.Code == Qingyuan).Rank!.Value, builtin.Streets.Single(s => s.Code == Xingfeng).Rank!.Value));
        Assert.Equal((2, 1), (summary.Streets.Single(s => s.Code == Qingyuan).Rank!.Value, summary.Streets.Single(s => s.Code == Xingfeng).Rank!.Value));
        Assert.Equal(100 * ((0.1 * 1) + (0.5 * 0.9) + (0.2 * 0.9) + (0.2 * 1)), summary.Streets.Single(s => s.Code == Xingfeng).Appeals!.Score!.Value, 12);
        var trend = TrendBuilder.Build(Daxing, Period, new Dictionary<string, TrendPeriod>
        {
            [Period] = new(new Dictionary<string, StreetAggregate> { [Qingyuan] = qingyuan, [Xingfeng] = xingfeng }, weighted),
        });
        Assert.Equal(summary.Streets.Select(s => s.Rank), trend.Streets.Select(s => s.Ranks[^1]));
        // 清源 supervises none (target 100 %): an alert v3 has, but v2's alerts name only its own indicators.
        Assert.DoesNotContain(summary.Streets.SelectMany(s => s.Alerts), a => !Indicators.All.Contains(a.Indicator));
    }
}
