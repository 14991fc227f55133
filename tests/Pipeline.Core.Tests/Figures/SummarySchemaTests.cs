using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;
using Pipeline.Core.Model;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Figures;

/// <summary>Every document the builder makes validates against the published schema, and the schema has teeth.</summary>
public sealed class SummarySchemaTests
{
    private static readonly JsonSchema Schema = Load("governance-summary.v2.json");
    private static readonly JsonSchema Version1 = Load("governance-summary.v1.json");
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    public static TheoryData<string> Documents => new(["empty", "full", "zeros", "daily"]);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Built_documents_validate(string which)
    {
        var errors = Validate(JsonNode.Parse(SummaryJson.Serialize(Build(which)))!);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void A_document_round_trips_through_its_JSON()
    {
        var json = SummaryJson.Serialize(Build("full"));

        Assert.Equal(json, SummaryJson.Serialize(SummaryJson.Deserialize(json)));
        Assert.Contains("\"name\": \"清源街道\"", System.Text.Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Version_2_is_version_1_with_the_publication_and_the_groups()
    {
        var document = JsonNode.Parse(SummaryJson.Serialize(Build("full")))!.AsObject();
        Assert.NotEmpty(Validate(document, Version1));

        document.Remove("publication");
        document.Remove("groups");
        document["schema"] = "governance-summary/v1";

        Assert.Empty(Validate(document, Version1));
    }

    [Fact]
    public void An_official_document_validates_and_its_publication_is_checked()
    {
        var closing = PeriodClosing.None.Close(new DateTimeOffset(2021, 1, 6, 2, 0, 0, TimeSpan.Zero), "<b>一月</b>")!;
        var official = JsonNode.Parse(SummaryJson.Serialize(Build("full") with { Publication = Publication.Of(closing) }))!.AsObject();
        Assert.Empty(Validate(official));

        official["publication"]!["status"] = "final";
        Assert.NotEmpty(Validate(official));
    }

    [Theory]
    [InlineData("schema", "\"governance-summary/v1\"")]
    [InlineData("period", "\"2020-13\"")]
    [InlineData("kind", "\"weekly\"")]
    [InlineData("surprise", "1")]
    public void The_schema_rejects_a_broken_document(string field, string value)
    {
        var document = JsonNode.Parse(SummaryJson.Serialize(Build("full")))!.AsObject();
        document[field] = JsonNode.Parse(value);

        Assert.NotEmpty(Validate(document));
    }

    [Fact]
    public void The_schema_rejects_a_rate_above_one_and_a_missing_field()
    {
        var document = JsonNode.Parse(SummaryJson.Serialize(Build("full")))!.AsObject();
        document["district"]!["property"]!["propertyServiceRate"] = 1.5;
        document["streets"]![0]!.AsObject().Remove("rank");

        Assert.True(Validate(document).Count >= 2);
    }

    private static JsonSchema Load(string name) => JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", name)));

    private static List<string> Validate(JsonNode document, JsonSchema? schema = null)
    {
        var result = (schema ?? Schema).Evaluate(JsonDocument.Parse(document.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .DefaultIfEmpty("invalid")];
    }

    private static SummaryDocument Build(string which)
    {
        var streets = which switch
        {
            "empty" => [],
            "zeros" => [FigureRows.Street(Qingyuan, [], [Counts("枣园社区", 3, 0, 0, 0, 0, 0, 0)], [], CompiledCatalog.Builtin).Street],
            _ => new[]
            {
                FigureRows.Street(Qingyuan, [Compound("A"), Compound("B", service: false, mode: null)], [Counts("枣园社区", 10, 9, 9, 8, 7, 1, 1)], [], CompiledCatalog.Builtin).Street,
                FigureRows.Street("110115001000", [], [], [Ticket("1", true, true, true, "满意", street: "110115001000")], CompiledCatalog.Builtin).Street,
            },
        };
        var map = streets.ToDictionary(s => s.StreetCode);
        return SummaryBuilder.Build(Daxing, Period, which == "daily" ? SummaryDocument.Daily : SummaryDocument.Monthly, 7,
            new DateTimeOffset(2021, 1, 1, 17, 0, 0, TimeSpan.Zero), map, which == "full" ? map : new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin);
    }
}
