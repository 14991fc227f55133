using System.Text.Json.Nodes;
using Pipeline.Core.Divisions;

namespace Pipeline.Core.Tests.Divisions;

public sealed class DivisionHistoryTests
{
    private const string Qingyuan = "110115003000";

    private static string Builtin() => GeneratedDistrict.Builtin();

    /// <summary>
    /// Daxing's registry with 清源街道 holding <paramref name="villages"/> villages until 2020-12, which become residents'
    /// committees from 2021-01: one to one, except every third and fourth village, which merge into one community.
    /// </summary>
    private static JsonObject Converted(int villages = 12)
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        var street = registry["streets"]!.AsArray().Single(s => (string)s!["code"]! == Qingyuan)!.AsObject();
        var communities = new JsonArray();
        var next = 1;
        for (var i = 0; i < villages; i++)
        {
            // Villages 2 and 3 of every four merge into one community.
            var merged = i % 4 == 3;
            var successor = merged ? next - 1 : next++;
            communities.Add(new JsonObject
            {
                ["code"] = $"110115003{200 + i:D3}", ["name"] = $"第{i + 1}村", ["kind"] = "village", ["until"] = "2020-12",
                ["successors"] = new JsonArray($"110115003{successor:D3}"),
            });
        }

        for (var c = 1; c < next; c++)
        {
            communities.Add(new JsonObject { ["code"] = $"110115003{c:D3}", ["name"] = $"清源第{c}社区", ["from"] = "2021-01" });
        }

        street["communities"] = communities;
        return registry;
    }

    private static DivisionHistory Read(JsonNode registry)
    {
        var (history, problems) = DivisionHistory.Read(registry.ToJsonString(), "divisions.json");
        Assert.Empty(problems.Select(p => p.ToString()));
        return history!;
    }

    private static IReadOnlyList<DivisionProblem> Problems(JsonNode registry)
    {
        var (history, problems) = DivisionHistory.Read(registry.ToJsonString(), "divisions.json");
        Assert.Null(history);
        return problems;
    }

    private static JsonObject Community(JsonObject registry, string code) =>
        registry["streets"]!.AsArray().SelectMany(s => s!["communities"]?.AsArray() ?? []).Single(c => (string)c!["code"]! == code)!.AsObject();

    [Fact]
    public void A_registry_without_dates_is_in_force_always_and_changes_nothing()
    {
        var history = Read(JsonNode.Parse(Builtin())!);

        Assert.Empty(history.Changes());
        Assert.Equal(DivisionRegistry.Builtin("110115")!.Streets.Select(s => (s.Code, s.Name)), history.In("1999-01").Streets.Select(s => (s.Code, s.Name)));
        Assert.Equal(22, history.In("2030-12").Streets.Count);
    }

    [Fact]
    public void Villages_that_become_residents_committees_are_in_the_registry_of_their_periods_and_the_change_links_them()
    {
        var history = Read(Converted(villages: 12));

        Assert.Equal(12, history.In("2020-12").FindByCode(Qingyuan)!.Communities.Count);
        Assert.All(history.In("2020-12").FindByCode(Qingyuan)!.Communities, c => Assert.EndsWith("村", c.Name, StringComparison.Ordinal));
        Assert.Equal(9, history.In("2021-01").FindByCode(Qingyuan)!.Communities.Count);
        var changes = history.Changes();
        Assert.All(changes, c => Assert.Equal("2021-01", c.Period));
        Assert.Equal(12, changes.Count(c => c.Kind == DivisionChangeKind.Ended));
        Assert.Equal(9, changes.Count(c => c.Kind == DivisionChangeKind.Began));
        // 第3村 and 第4村 both became 清源第3社区: it began from both, and each ended into it.
        var merged = changes.Single(c => c.Kind == DivisionChangeKind.Began && c.Unit.Code == "110115003003");
        Assert.Equal(["第3村", "第4村"], merged.Links.Select(l => l.Name));
        Assert.Equal(["清源第3社区"], changes.Single(c => c.Kind == DivisionChangeKind.Ended && c.Unit.Name == "第4村").Links.Select(l => l.Name));
        Assert.Equal(DivisionKind.Village, merged.Links[0].Kind);
    }

    [Fact]
    public void A_street_that_splits_is_two_streets_from_its_period_and_a_renamed_street_is_a_second_entry_of_its_code()
    {
        var registry = JsonNode.Parse(Builtin())!.AsObject();
        var streets = registry["streets"]!.AsArray();
        var huangcun = streets.Single(s => (string)s!["code"]! == "110115005000")!.AsObject();
        huangcun["until"] = "2022-06";
        huangcun["successors"] = new JsonArray("110115014000", "110115015000");
        streets.Add(new JsonObject { ["code"] = "110115014000", ["name"] = "黄村东街道", ["from"] = "2022-07" });
        streets.Add(new JsonObject { ["code"] = "110115015000", ["name"] = "黄村西街道", ["from"] = "2022-07" });
        var yizhuang = streets.Single(s => (string)s!["code"]! == "110115004000")!.AsObject();
        yizhuang["name"] = "亦庄镇";
        yizhuang.Remove("aliases");
        yizhuang["kind"] = "town";
        yizhuang["until"] = "2019-12";
        streets.Add(new JsonObject { ["code"] = "110115004000", ["name"] = "亦庄地区", ["kind"] = "area", ["from"] = "2020-01" });

        var history = Read(registry);

        Assert.Equal(22, history.In("2022-06").Streets.Count);
        Assert.Equal(23, history.In("2022-07").Streets.Count);
        Assert.Null(history.In("2022-07").FindByName("黄村地区"));
        Assert.Null(history.In("2022-06").FindByName("黄村东街道"));
        Assert.Equal("亦庄镇", history.In("2019-12").FindByCode("110115004000")!.Name);
        Assert.Equal("亦庄地区", history.In("2020-01").FindByCode("110115004000")!.Name);
        var changes = history.Changes();
        var renamed = Assert.Single(changes, c => c.Kind == DivisionChangeKind.Renamed);
        Assert.Equal(("2020-01", "亦庄镇", "亦庄地区"), (renamed.Period, renamed.Before!.Name, renamed.Unit.Name));
        var split = Assert.Single(changes, c => c.Kind == DivisionChangeKind.Ended);
        Assert.Equal(("2022-07", "黄村地区"), (split.Period, split.Unit.Name));
        Assert.Equal(["黄村东街道", "黄村西街道"], split.Links.Select(l => l.Name));
        Assert.All(changes.Where(c => c.Kind == DivisionChangeKind.Began), c => Assert.Equal(["黄村地区"], c.Links.Select(l => l.Name)));
    }

    [Fact]
    public void Overlapping_validity_of_one_code_is_refused()
    {
        var registry = Converted(4);
        Community(registry, "110115003001")["from"] = "2020-06";
        ((JsonArray)registry["streets"]![2]!["communities"]!).Add(new JsonObject { ["code"] = "110115003201", ["name"] = "第1村二", ["from"] = "2020-10" });

        var problems = Problems(registry);

        Assert.Contains(problems, p => p.Unit == "110115003201" && p.Field == "from" && p.Message.Contains("overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_a_unit_that_never_meets_it_in_time_is_refused()
    {
        var registry = Converted(4);
        Community(registry, "110115003001")["from"] = "2021-03";

        var problem = Assert.Single(Problems(registry), p => p.Field.StartsWith("successors", StringComparison.Ordinal));

        Assert.Equal(("110115003200", "successors (110115003001)"), (problem.Unit, problem.Field));
        Assert.Contains("第1村 ends 2020-12, but 清源第1社区 (110115003001) is not in force in 2021-01 (2021-03 –): the two never meet in time", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_outside_its_street_and_a_community_outliving_its_street_are_refused()
    {
        var registry = Converted(4);
        Community(registry, "110115003002")["code"] = "110115004002";
        var street = registry["streets"]![2]!.AsObject();
        street["until"] = "2020-12";

        var problems = Problems(registry);

        Assert.Contains(problems, p => p.Unit == "110115004002" && p.Field == "code" && p.Message.Contains("inside its street 110115003000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Unit == "110115003001" && p.Message.Contains("when its street 110115003000 is not", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_two_units_have_in_one_period_is_refused_and_the_same_name_one_after_the_other_is_not()
    {
        var registry = Converted(4);
        Community(registry, "110115003002")["name"] = "清源第1社区";
        Assert.Contains(Problems(registry), p => p.Field == "name" && p.Message.Contains("'清源第1社区' names two communities of 110115003000 in force in 2021-01", StringComparison.Ordinal));

        var later = Converted(4);
        // The residents' committee takes the village's name: they never meet, so that is allowed.
        Community(later, "110115003001")["name"] = "第1村";
        Assert.Equal("第1村", Read(later).In("2021-01").FindByCode(Qingyuan)!.Communities[0].Name);
    }

    [Theory]
    [InlineData("until", "2020-13", "until", "'2020-13' is not a month")]
    [InlineData("kind", "city", "kind", "'city' is not a kind of community")]
    [InlineData("from", "2021-02", "until", "2020-12 is before its from, 2021-02")]
    public void A_month_that_is_no_month_or_a_kind_that_is_no_kind_is_refused(string field, string value, string problemField, string message)
    {
        var registry = Converted(4);
        Community(registry, "110115003200")[field] = value;

        Assert.Contains(Problems(registry), p => p.Unit == "110115003200" && p.Field == problemField && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Successors_of_a_unit_that_does_not_end_are_refused()
    {
        var registry = Converted(4);
        Community(registry, "110115003200").Remove("until");

        Assert.Contains(Problems(registry), p => p.Unit == "110115003200" && p.Field == "successors" && p.Message.Contains("has no until", StringComparison.Ordinal));
    }

    [Fact]
    public void A_registry_file_with_dates_set_as_the_apps_registry_gives_the_divisions_in_force_in_its_latest_period()
    {
        var registry = DivisionRegistry.Parse(Converted(8).ToJsonString());

        Assert.Equal(["清源第1社区", "清源第2社区", "清源第3社区", "清源第4社区", "清源第5社区", "清源第6社区"], registry.FindByCode(Qingyuan)!.Communities.Select(c => c.Name));
    }

    [Fact]
    public void A_registry_past_its_bounds_is_refused_before_the_checks_whose_cost_grows_with_them()
    {
        var many = Converted(4);
        var communities = (JsonArray)many["streets"]![2]!["communities"]!;
        for (var i = 0; i < 20_000; i++)
        {
            communities.Add(new JsonObject { ["code"] = "110115003999", ["name"] = $"社区{i}", ["from"] = "2021-01" });
        }

        Assert.Contains(Problems(many), p => p.Field == "streets" && p.Message.Contains("a registry lists at most 20,000", StringComparison.Ordinal));

        var changing = Converted(4);
        var monthly = (JsonArray)changing["streets"]![2]!["communities"]!;
        for (var i = 0; i < 700; i++)
        {
            var month = $"{2030 + (i / 12)}-{(i % 12) + 1:D2}";
            monthly.Add(new JsonObject { ["code"] = $"110115003{500 + (i % 400):D3}", ["name"] = $"月{i}", ["from"] = month, ["until"] = month });
        }

        Assert.Contains(Problems(changing), p => p.Message.Contains("a registry changes in at most 600", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{ \"district\": null, \"streets\": [] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [null] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [{ \"code\": \"1\", \"name\": \"x\", \"communities\": [null] }] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [{ \"code\": \"1\", \"name\": \"x\", \"successors\": [null], \"until\": \"2020-01\" }] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [{ \"code\": \"1\", \"name\": \"x\", \"from\": \"0000-01\" }] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [{ \"code\": 7, \"name\": \"x\" }] }")]
    [InlineData("{ \"district\": { \"code\": \"110115\", \"name\": \"大兴区\" }, \"streets\": [], \"groups\": [{ \"code\": \"g\", \"name\": \"g\", \"communities\": [\"1\"] }] }")]
    public void No_file_content_raises_an_exception_only_problems(string json)
    {
        var (history, problems) = DivisionHistory.Read(json, "x.json");

        Assert.Null(history);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("x.json", p.File));
    }

    [Fact]
    public void The_period_page_lists_the_changes_in_force_from_it_with_their_links_and_other_periods_list_none()
    {
        var history = Read(Converted(4));
        var (summary, communities) = Pipeline.Core.Tests.Report.ReportSamples.Build();
        string Page(string period)
        {
            var files = Pipeline.Core.Report.ReportSite.Render(summary with { Period = period }, communities, [], true, Pipeline.Core.Forms.CompiledCatalog.Builtin,
                Pipeline.Core.Tests.Report.ReportSamples.ChartLibrary, divisionChanges: [.. history.Changes().Where(c => c.Period == period)]);
            return System.Text.Encoding.UTF8.GetString(files.Single(f => f.Path == $"reports/{period}/index.html").Content);
        }

        var january = Page("2021-01");
        var table = System.Text.RegularExpressions.Regex.Match(january, "<table id=\"divisions-table\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("<tr><th scope=\"row\" class=\"text\">撤销 Ended</th><td class=\"text\">村 第4村</td><td class=\"text\">110115003203</td><td class=\"text\">改为 became 社区 清源第3社区（110115003003）</td></tr>", table, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">由 from 村 第3村（110115003202）、村 第4村（110115003203）</td>", table, StringComparison.Ordinal);
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(table, "<tr><th scope=\"row\"").Count);
        Assert.DoesNotContain("id=\"divisions\"", Page("2020-12"), StringComparison.Ordinal);
    }
}
