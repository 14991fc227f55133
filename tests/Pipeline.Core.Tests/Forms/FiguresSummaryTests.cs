using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Summary;

using Pipeline.Core.Tests.Figures;

namespace Pipeline.Core.Tests.Forms;

/// <summary>
/// The v3 summary, computed by the catalog, says of every scope what the v2 summary says, to the bit: measures,
/// rates, community averages, score, rank, alerts, groups; and it names the catalog version.
/// </summary>
public sealed class FiguresSummaryTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private static readonly CompiledCatalog Catalog = CompiledCatalog.Compile(FormCatalogs.Builtin);

    private static (SummaryDocument V2, FiguresSummary V3) Both(int seed)
    {
        var random = new Random(seed);
        var groupMembers = new List<string>();
        var aggregates = new Dictionary<string, StreetAggregate>();
        var communities = new List<CommunityFigures>();
        foreach (var street in Daxing.Streets.Where((_, i) => i % 4 != 3))
        {
            var names = Enumerable.Range(0, random.Next(1, 6)).Select(i => (Name: $"社区{i}", Code: $"{street.TownshipPrefix}{200 + i:D3}")).ToList();
            groupMembers.AddRange(names.Where(_ => random.Next(3) == 0).Select(n => n.Code));
            var compounds = names.SelectMany(n => Enumerable.Range(0, random.Next(0, 8)).Select(i => FigureRows.Compound($"小区{i}",
                type: random.Next(2) == 0 ? null : "商品房", service: random.Next(4) > 0, mode: random.Next(2) == 0 ? null : "专业物业",
                owner: new[] { "无", "业委会", "物管会", "有" }[random.Next(4)], party: random.Next(3) > 0, community: n.Name, street: street.Code, code: n.Code))).ToList();
            var counts = names.Where(_ => random.Next(5) > 0).Select(n =>
            {
                var valid = random.Next(0, 40);
                var satisfied = random.Next(0, valid + 1);
                var basic = random.Next(0, valid - satisfied + 1);
                return FigureRows.Counts(n.Name, valid + random.Next(0, 10), valid, random.Next(0, valid + 1), random.Next(0, valid + 1), satisfied, basic,
                    random.Next(0, valid - satisfied - basic + 1), street: street.Code, code: n.Code);
            }).ToList();
            var (aggregate, figures) = FigureRows.Street(street.Code, compounds, counts, [], CompiledCatalog.Builtin);
            aggregates[street.Code] = aggregate;
            communities.AddRange(figures);
        }

        var registry = Divisions.GeneratedDistrict.DaxingWith(
            [new CommunityGroup("pilot", "试点社区", [.. groupMembers.Take(17)]), new CommunityGroup("empty", "无数据", [$"{Daxing.Streets[3].TownshipPrefix}999"])]);
        var at = new DateTimeOffset(2021, 1, 6, 2, 0, 0, TimeSpan.Zero);
        var v2 = SummaryBuilder.Build(registry, "2020-12", SummaryDocument.Monthly, 7, at, aggregates, new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin,
            communities: communities);
        var v3 = FiguresSummaryBuilder.Build(registry, "2020-12", SummaryDocument.Monthly, 7, at, null, Catalog,
            [.. communities.Select(c => (c, LegacyMeasures.Of(c.Property, c.Appeals)))]);
        return (v2, v3);
    }

    private static void Same(PropertySummary? property, AppealSummary? appeals, ScopeFigures scope)
    {
        var indicators = scope.Indicators;
        Assert.Equal(property?.Compounds, scope.Forms.GetValueOrDefault("CompoundRoster")?.Measures["compounds"] is { } c ? (long)c : null);
        Assert.Equal(property?.PropertyServiceRate, indicators.GetValueOrDefault(Indicators.PropertyServiceRate)?.Value);
        Assert.Equal(property?.OwnerOrganizationRate, indicators.GetValueOrDefault(Indicators.OwnerOrganizationRate)?.Value);
        Assert.Equal(property?.PartyOrganizationRate, indicators.GetValueOrDefault(Indicators.PartyOrganizationRate)?.Value);
        Assert.Equal(property?.ByServiceMode.Select(p => (p.Key, (double)p.Value)), scope.Forms.GetValueOrDefault("CompoundRoster")?.Breakdowns["by_service_mode"].Select(p => (p.Key, p.Value)));
        Assert.Equal(appeals?.Received, scope.Forms.GetValueOrDefault("AppealCounts")?.Measures["received"] is { } r ? (long)r : null);
        Assert.Equal(appeals?.ResponseRate, indicators.GetValueOrDefault(Indicators.ResponseRate)?.Value);
        Assert.Equal(appeals?.ResolutionRate, indicators.GetValueOrDefault(Indicators.ResolutionRate)?.Value);
        Assert.Equal(appeals?.SatisfactionRate, indicators.GetValueOrDefault(Indicators.SatisfactionRate)?.Value);
        Assert.Equal(appeals?.Score, scope.Score);
        Assert.Equal(appeals?.CommunityAverage.ResponseRate, indicators.GetValueOrDefault(Indicators.ResponseRate)?.CommunityAverage);
        Assert.Equal(appeals?.CommunityAverage.ResolutionRate, indicators.GetValueOrDefault(Indicators.ResolutionRate)?.CommunityAverage);
        Assert.Equal(appeals?.CommunityAverage.SatisfactionRate, indicators.GetValueOrDefault(Indicators.SatisfactionRate)?.CommunityAverage);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_scope_of_v3_says_what_v2_says(int seed)
    {
        var (v2, v3) = Both(seed);

        Assert.Equal(("governance-summary/v3", "1", "2020-12", 7L), (v3.Schema, v3.Catalog.Version, v3.Period, v3.Revision));
        Same(v2.District.Property, v2.District.Appeals, v3.District);
        Assert.Equal(v2.District.Alerts, v3.District.Alerts);
        Assert.Equal(v2.Streets.Select(s => s.Code), v3.Streets.Select(s => s.Code));
        foreach (var (two, three) in v2.Streets.Zip(v3.Streets))
        {
            Same(two.Property, two.Appeals, three);
            Assert.Equal(two.Rank, three.Rank);
            Assert.Equal(two.Alerts, three.Alerts);
        }

        foreach (var (two, three) in v2.Groups.Zip(v3.Groups, (a, b) => (a, b)))
        {
            Same(two.Property, two.Appeals, three);
            Assert.Equal((two.Members, two.Reporting), (three.Members!.Value, three.Reporting!.Value));
        }
    }

    [Fact]
    public void The_v3_document_meets_its_published_schema_and_reads_back_as_written()
    {
        var (_, v3) = Both(6);
        var json = SummaryJson.Serialize(v3);
        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "governance-summary.v3.json")));

        var result = schema.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Equal(json, SummaryJson.Serialize(SummaryJson.DeserializeFigures(json)));
        Assert.Equal(("governance-summary/v3", "2020-12", "110115"), (Pipeline.Core.Publish.SummaryEnvelope.Read(json).Schema, Pipeline.Core.Publish.SummaryEnvelope.Read(json).Period, Pipeline.Core.Publish.SummaryEnvelope.Read(json).DistrictCode));
        Assert.StartsWith("governance-summary-v3:110115:2020-12:monthly:r7", Pipeline.Core.Publish.SummaryMessage.For(Pipeline.Core.Publish.SummaryEnvelope.Read(json)).MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void A_street_lists_its_communities_with_their_own_figures()
    {
        var (_, v3) = Both(5);

        var street = v3.Streets.First(s => s.Communities is { Count: > 1 });
        Assert.All(street.Communities!, c => Assert.StartsWith(Daxing.FindByCode(street.Code)!.TownshipPrefix, c.Code, StringComparison.Ordinal));
        Assert.Equal(street.Forms.GetValueOrDefault("CompoundRoster")?.Measures["compounds"] ?? 0,
            street.Communities!.Sum(c => c.Forms.GetValueOrDefault("CompoundRoster")?.Measures["compounds"] ?? 0));
    }
}
