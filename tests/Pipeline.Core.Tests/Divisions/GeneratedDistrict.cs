using System.Text.Json.Nodes;
using Pipeline.Core.Divisions;

namespace Pipeline.Core.Tests.Divisions;

/// <summary>
/// Daxing's registry with villages added to its first streets, which become residents' committees from 2021-01 (撤村建居):
/// one to one, except every fourth village, which merges with the one before it into one community.
/// </summary>
public static class GeneratedDistrict
{
    public const string Converted = "2021-01";

    public static string Builtin()
    {
        using var stream = typeof(DivisionRegistry).Assembly.GetManifestResourceStream("Pipeline.Core.Divisions.Registries.110115.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary><paramref name="villages"/> villages over streets of <paramref name="perStreet"/> each; a pilot group of 17 of them.</summary>
    public static JsonObject Registry(int villages = 108, int perStreet = 12)
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        var streets = registry["streets"]!.AsArray();
        var pilot = new JsonArray();
        for (var s = 0; s * perStreet < villages; s++)
        {
            var street = streets[s]!.AsObject();
            var township = ((string)street["code"]!)[..9];
            var communities = new JsonArray();
            var next = 1;
            for (var i = 0; i < perStreet && s * perStreet + i < villages; i++)
            {
                var successor = i % 4 == 3 ? next - 1 : next++;
                communities.Add(new JsonObject
                {
                    ["code"] = Village(township, i), ["name"] = VillageName(s, i), ["kind"] = "village", ["until"] = "2020-12",
                    ["successors"] = new JsonArray(Committee(township, successor)),
                });
                if (pilot.Count < 17 && i % 2 == 0)
                {
                    pilot.Add(Village(township, i));
                }
            }

            for (var c = 1; c < next; c++)
            {
                communities.Add(new JsonObject { ["code"] = Committee(township, c), ["name"] = CommitteeName(s, c), ["from"] = Converted });
            }

            street["communities"] = communities;
        }

        registry["groups"] = new JsonArray(new JsonObject { ["code"] = "pilot", ["name"] = "拉家常议事会试点", ["communities"] = pilot });
        return registry;
    }

    /// <summary>Daxing's shipped registry with <paramref name="groups"/>, read as the app reads a registry file.</summary>
    public static DivisionRegistry DaxingWith(params CommunityGroup[] groups)
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        registry["groups"] = new JsonArray([.. groups.Select(g => new JsonObject
        {
            ["code"] = g.Code, ["name"] = g.Name, ["communities"] = new JsonArray([.. g.Communities.Select(c => JsonValue.Create(c))]),
        })]);
        return DivisionRegistry.Parse(registry.ToJsonString());
    }

    public static DivisionHistory History(JsonNode registry)
    {
        var (history, problems) = DivisionHistory.Read(registry.ToJsonString(), "divisions.json");
        Assert.Empty(problems.Select(p => p.ToString()));
        return history!;
    }

    public static string Village(string township, int i) => $"{township}{200 + i:D3}";

    public static string Committee(string township, int c) => $"{township}{c:D3}";

    public static string VillageName(int street, int i) => $"第{street + 1}街{i + 1}村";

    public static string CommitteeName(int street, int c) => $"第{street + 1}街{c}社区";

    /// <summary>The committee village <paramref name="i"/> became: its number among the street's committees.</summary>
    public static int CommitteeOf(int i) => i - (i / 4) + (i % 4 == 3 ? 0 : 1);
}
