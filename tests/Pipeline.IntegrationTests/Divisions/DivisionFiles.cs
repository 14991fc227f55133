using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests.Divisions;

/// <summary>Registry files with dates, as a district would write them.</summary>
internal static class DivisionFiles
{
    /// <summary>Daxing's shipped registry with 清源街道's villages 东村 and 西村 merged into 东西社区 from 2021-01.</summary>
    public static JsonObject VillagesMerged()
    {
        var registry = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("functions/Pipeline.Core/Divisions/Registries/110115.json")))!.AsObject();
        registry["streets"]!.AsArray().Single(s => (string)s!["code"]! == "110115003000")!["communities"] = JsonNode.Parse("""
            [ { "code": "110115003200", "name": "东村", "kind": "village", "until": "2020-12", "successors": ["110115003001"] },
              { "code": "110115003201", "name": "西村", "kind": "village", "until": "2020-12", "successors": ["110115003001"] },
              { "code": "110115003001", "name": "东西社区", "from": "2021-01" } ]
            """);
        return registry;
    }

    public static JsonObject Qingyuan(JsonObject registry) =>
        registry["streets"]!.AsArray().Single(s => (string)s!["code"]! == "110115003000")!.AsObject();
}
