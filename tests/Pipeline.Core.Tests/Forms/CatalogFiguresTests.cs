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

    /// <summary>A compound as the 三率 count it.</summary>
    private sealed record Compound(string Name, string? Type, long? Households, bool Service, string? Mode, string Owner, bool Party);

    private static IEnumerable<Compound> Compounds(int seed)
    {
        var random = new Random(seed);
        string?[] modes = [null, "专业物业", "自管", "准物业"];
        string?[] types = [null, "商品房", "老旧小区"];
        string[] owners = ["业委会", "物管会", "有", "无"];
        for (var i = 0; i < 200; i++)
        {
            yield return new Compound($"小区{i}", types[random.Next(types.Length)], random.Next(2) == 0 ? null : random.Next(1, 900),
                random.Next(3) > 0, modes[random.Next(modes.Length)], owners[random.Next(owners.Length)], random.Next(4) > 0);
        }
    }

    private static Func<string, object?> RowOf(Compound c) => Row(
        ("compound_name", c.Name), ("compound_type", c.Type), ("households", (double?)c.Households), ("has_property_service", c.Service),
        ("service_mode", c.Mode), ("party_org", c.Party), ("owner_org", c.Owner));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Roster_measures_and_rates_equal_the_property_tally(int seed)
    {
        var compounds = Compounds(seed).ToList();

        var totals = Catalog.Form("CompoundRoster").Measure(compounds.Select(RowOf));
        var indicators = Catalog.IndicatorsOf("CompoundRoster", totals);

        // The 三率 as the district defines them: shares of all compounds; 业主组织 is any but 无; a blank service mode is
        // 未填写 where there is service and 无 where there is none, a blank type 未填写.
        var (all, service, owner, party) = (compounds.Count, compounds.Count(c => c.Service), compounds.Count(c => c.Owner != "无"), compounds.Count(c => c.Party));
        Assert.Equal((all, service, owner, party),
            ((int)totals["compounds"], (int)totals["with_property_service"], (int)totals["with_owner_org"], (int)totals["with_party_org"]));
        Assert.Equal(compounds.GroupBy(c => c.Mode ?? (c.Service ? "未填写" : "无")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (double)g.Count())),
            totals.Breakdowns["by_service_mode"].Select(p => (p.Key, p.Value)));
        Assert.Equal(compounds.GroupBy(c => c.Type ?? "未填写").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (double)g.Count())),
            totals.Breakdowns["by_compound_type"].Select(p => (p.Key, p.Value)));
        Assert.Equal(Rate.Of(service, all), indicators[Indicators.PropertyServiceRate]);
        Assert.Equal(Rate.Of(owner, all), indicators[Indicators.OwnerOrganizationRate]);
        Assert.Equal(Rate.Of(party, all), indicators[Indicators.PartyOrganizationRate]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tickets_and_counts_feed_the_same_measures_and_give_the_rates_and_score_of_today(int seed)
    {
        var random = new Random(seed);
        string?[] satisfactions = [null, "满意", "基本满意", "不满意"];
        var tickets = Enumerable.Range(0, 300).Select(i => (Id: $"T{i}", Valid: random.Next(4) > 0, Contacted: random.Next(3) > 0, Resolved: random.Next(3) > 0,
            Satisfaction: satisfactions[random.Next(satisfactions.Length)])).ToList();
        // The counts as 12345 defines them: every ticket is received; the rest count valid tickets only.
        var valid = tickets.Where(t => t.Valid).ToList();
        var tally = new AppealTally(tickets.Count, valid.Count, valid.Count(t => t.Contacted), valid.Count(t => t.Resolved),
            valid.Count(t => t.Satisfaction == "满意"), valid.Count(t => t.Satisfaction == "基本满意"), valid.Count(t => t.Satisfaction == "不满意"));

        var fromTickets = Catalog.Form("TicketExport").Measure(tickets.Select(t => Row(
            ("ticket_id", t.Id), ("valid_visit", t.Valid), ("contacted", t.Contacted), ("resolved", t.Resolved), ("satisfaction", t.Satisfaction))));
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
