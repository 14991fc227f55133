using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;

namespace Pipeline.Core.Tests.Forms;

/// <summary>
/// The built-in catalog computes what the pipeline computes today: its measures, indicators and score over the rows of
/// a roster, a counts sheet and a ticket export equal the tallies, rates and score of the typed code, to the bit.
/// </summary>
public sealed class CatalogFiguresTests
{
    private static readonly CompiledCatalog Catalog = CompiledCatalog.Compile(FormCatalogs.Builtin);
    private static readonly CommunityRef Community = CommunityRef.Create(null, "某社区");

    private static Func<string, object?> Row(params (string Key, object? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return key => map.GetValueOrDefault(key);
    }

    private static IEnumerable<CompoundRecord> Compounds(int seed)
    {
        var random = new Random(seed);
        string?[] modes = [null, "专业物业", "自管", "准物业"];
        string?[] types = [null, "商品房", "老旧小区"];
        var owners = Enum.GetValues<OwnerOrganization>();
        for (var i = 0; i < 200; i++)
        {
            yield return new CompoundRecord("2021-01", "110115003000", Community, null, $"小区{i}", types[random.Next(types.Length)], random.Next(2) == 0 ? null : random.Next(1, 900),
                random.Next(3) > 0, modes[random.Next(modes.Length)], null, owners[random.Next(owners.Length)], random.Next(4) > 0, i + 2);
        }
    }

    private static Func<string, object?> RowOf(CompoundRecord c) => Row(
        ("compound_name", c.CompoundName), ("compound_type", c.CompoundType), ("households", (double?)c.Households), ("has_property_service", c.HasPropertyService),
        ("service_mode", c.ServiceMode), ("party_org", c.PartyOrganization),
        ("owner_org", c.OwnerOrganization switch
        {
            OwnerOrganization.OwnersCommittee => "业委会",
            OwnerOrganization.PropertyManagementCommittee => "物管会",
            OwnerOrganization.Unspecified => "有",
            OwnerOrganization.None => "无",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        }));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Roster_measures_and_rates_equal_the_property_tally(int seed)
    {
        var compounds = Compounds(seed).ToList();
        var tally = PropertyTally.From(compounds);

        var totals = Catalog.Form("CompoundRoster").Measure(compounds.Select(RowOf));
        var indicators = Catalog.IndicatorsOf("CompoundRoster", totals);

        Assert.Equal((tally.Compounds, tally.WithPropertyService, tally.WithOwnerOrganization, tally.WithPartyOrganization),
            ((long)totals["compounds"], (long)totals["with_property_service"], (long)totals["with_owner_org"], (long)totals["with_party_org"]));
        Assert.Equal(tally.ByServiceMode.Select(p => (p.Key, (double)p.Value)), totals.Breakdowns["by_service_mode"].Select(p => (p.Key, p.Value)));
        Assert.Equal(tally.ByCompoundType.Select(p => (p.Key, (double)p.Value)), totals.Breakdowns["by_compound_type"].Select(p => (p.Key, p.Value)));
        Assert.Equal(tally.PropertyServiceRate, indicators[Indicators.PropertyServiceRate]);
        Assert.Equal(tally.OwnerOrganizationRate, indicators[Indicators.OwnerOrganizationRate]);
        Assert.Equal(tally.PartyOrganizationRate, indicators[Indicators.PartyOrganizationRate]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tickets_and_counts_feed_the_same_measures_and_give_the_rates_and_score_of_today(int seed)
    {
        var random = new Random(seed);
        Satisfaction?[] satisfactions = [null, Satisfaction.Satisfied, Satisfaction.BasicallySatisfied, Satisfaction.Unsatisfied];
        var tickets = Enumerable.Range(0, 300).Select(i => new TicketRecord($"T{i}", new DateTime(2021, 1, 5), "110115003000", Community,
            random.Next(4) > 0, random.Next(3) > 0, random.Next(3) > 0, satisfactions[random.Next(satisfactions.Length)], i + 2)).ToList();
        var tally = AppealAggregate.TallyTickets(tickets);

        var fromTickets = Catalog.Form("TicketExport").Measure(tickets.Select(t => Row(
            ("ticket_id", t.TicketId), ("valid_visit", t.ValidVisit), ("contacted", t.Contacted), ("resolved", t.Resolved),
            ("satisfaction", t.Satisfaction switch
            {
                Satisfaction.Satisfied => "满意",
                Satisfaction.BasicallySatisfied => "基本满意",
                Satisfaction.Unsatisfied => "不满意",
                null => null,
                _ => throw new ArgumentOutOfRangeException(nameof(seed)),
            }))));
        var fromCounts = Catalog.Form("AppealCounts").Measure([Row(("received", (double)tally.Received), ("valid_visits", (double)tally.ValidVisits),
            ("contacted", (double)tally.Contacted), ("resolved", (double)tally.Resolved), ("satisfied", (double)tally.Satisfied),
            ("basic_satisfied", (double)tally.BasicSatisfied), ("unsatisfied", (double)tally.Unsatisfied))]);

        Assert.Equal(fromCounts.Values, fromTickets.Values);
        Assert.Equal(Catalog.Form("TicketExport").MeasuredAs.Code, Catalog.Form("AppealCounts").MeasuredAs.Code);
        var indicators = Catalog.IndicatorsOf("AppealCounts", fromTickets);
        // The published formulas: 基本满意 counts 0.9; the score is 100 × (0.1 response + 0.5 resolution + 0.4 satisfaction).
        var response = Rate.Of(tally.Contacted, tally.ValidVisits);
        var resolution = Rate.Of(tally.Resolved, tally.ValidVisits);
        var satisfaction = Rate.Of(tally.Satisfied + (0.9 * tally.BasicSatisfied), tally.ValidVisits);
        Assert.Equal(response, indicators[Indicators.ResponseRate]);
        Assert.Equal(resolution, indicators[Indicators.ResolutionRate]);
        Assert.Equal(satisfaction, indicators[Indicators.SatisfactionRate]);
        Assert.Equal(100 * ((0.1 * response!.Value) + (0.5 * resolution!.Value) + (0.4 * satisfaction!.Value)), Catalog.Score(indicators));
    }

    [Fact]
    public void No_valid_visits_leave_the_rates_and_score_empty_not_zero()
    {
        var totals = Catalog.Form("TicketExport").Measure([Row(("ticket_id", "T1"), ("valid_visit", false))]);
        var indicators = Catalog.IndicatorsOf("AppealCounts", totals);

        Assert.Equal(1, totals["received"]);
        Assert.Null(indicators[Indicators.ResponseRate]);
        Assert.Null(Catalog.Score(indicators));
    }

    [Fact]
    public void Row_checks_hold_fail_or_do_not_apply_as_the_counts_sheet_checks_today()
    {
        var checks = Catalog.Form("AppealCounts").Checks.ToDictionary(c => c.Definition.Code);
        var good = Row(("received", 10.0), ("valid_visits", 8.0), ("contacted", 8.0), ("resolved", 6.0), ("satisfied", 5.0), ("basic_satisfied", 2.0),
            ("unsatisfied", 1.0), ("response_rate", 1.0), ("resolution_rate", 0.75), ("satisfaction_rate", (5 + (0.9 * 2)) / 8.0));
        var tooMany = Row(("received", 10.0), ("valid_visits", 11.0), ("contacted", 12.0), ("resolved", 0.0), ("satisfied", 0.0), ("basic_satisfied", 0.0),
            ("unsatisfied", 0.0), ("response_rate", 0.5));
        var noVisits = Row(("received", 3.0), ("valid_visits", 0.0), ("contacted", 0.0), ("resolved", 0.0), ("satisfied", 0.0), ("basic_satisfied", 0.0),
            ("unsatisfied", 0.0), ("response_rate", 0.5));

        Assert.All(checks.Values, c => Assert.NotEqual(false, c.Holds(good)));
        Assert.Equal(false, checks["valid-visits-within-received"].Holds(tooMany));
        Assert.Equal(false, checks["contacted-within-valid-visits"].Holds(tooMany));
        Assert.Equal(false, checks["response-rate-matches"].Holds(tooMany)); // 12 / 11 is not 50%
        Assert.NotEqual(false, checks["response-rate-matches"].Holds(noVisits)); // no visits: the rate is not checked
        Assert.Equal("counts.exceeds", checks["contacted-within-valid-visits"].Definition.FindingCode);
        Assert.Equal(0.75, Catalog.Indicator(Indicators.ResolutionRate).Value(Catalog.Form("AppealCounts").Measure([good])));
    }
}
