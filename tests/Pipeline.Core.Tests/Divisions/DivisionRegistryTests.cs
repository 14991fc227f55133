using Pipeline.Core.Divisions;

namespace Pipeline.Core.Tests.Divisions;

public sealed class DivisionRegistryTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    [Fact]
    public void Daxing_has_its_22_streets_and_towns_in_code_order()
    {
        Assert.Equal(("110115", "大兴区"), (Daxing.DistrictCode, Daxing.DistrictName));
        Assert.Equal(22, Daxing.Streets.Count);
        Assert.Equal(Daxing.Streets.Select(s => s.Code).Order(StringComparer.Ordinal), Daxing.Streets.Select(s => s.Code));
        Assert.Equal("110115001000", Daxing.Streets[0].Code);
        Assert.Equal("110115111000", Daxing.Streets[^1].Code);
    }

    [Theory]
    [InlineData("清源街道", "110115003000")] [InlineData("亦庄镇", "110115004000")] [InlineData("亦庄地区", "110115004000")]
    [InlineData(" 黄村镇 ", "110115005000")] [InlineData("长子营镇", "110115111000")]
    public void Streets_resolve_by_name_or_alias(string name, string code) =>
        Assert.Equal(code, Daxing.FindByName(name)?.Code);

    [Fact]
    public void Unknown_names_and_codes_resolve_to_nothing()
    {
        Assert.Null(Daxing.FindByName("朝阳门街道"));
        Assert.Null(Daxing.FindByCode("110105001000"));
    }

    [Fact]
    public void Another_district_is_a_registry_file()
    {
        var registry = DivisionRegistry.Parse("""
            { "district": { "code": "110105", "name": "朝阳区" },
              "streets": [ { "code": "110105001000", "name": "建外街道", "aliases": ["建国门外街道"] } ] }
            """);

        Assert.Equal("110105001000", registry.FindByName("建国门外街道")?.Code);
        Assert.Null(DivisionRegistry.Builtin("999999"));
    }

    [Fact]
    public void A_street_outside_the_district_is_refused() =>
        Assert.Throws<FormatException>(() => DivisionRegistry.Parse("""
            { "district": { "code": "110105", "name": "朝阳区" }, "streets": [ { "code": "110115001000", "name": "兴丰街道" } ] }
            """));

    [Fact]
    public void Streets_may_list_their_communities_and_the_district_its_service_modes()
    {
        var registry = DivisionRegistry.Parse("""
            { "district": { "code": "110115", "name": "大兴区" },
              "streets": [ { "code": "110115003000", "name": "清源街道", "communities": [ { "code": "110115003001", "name": "枣园社区" } ] },
                           { "code": "110115001000", "name": "兴丰街道" } ],
              "serviceModes": [ "专业物业", "红色物业" ] }
            """);

        Assert.Equal([new Community("110115003001", "枣园社区")], registry.FindByName("清源街道")!.Communities);
        Assert.Empty(registry.FindByName("兴丰街道")!.Communities);
        Assert.Equal(["专业物业", "红色物业"], registry.ServiceModes);
    }

    [Theory]
    [InlineData("""[ { "code": "110115001001", "name": "枣园社区" } ]""")]
    [InlineData("""[ { "code": "110115003000", "name": "清源街道" } ]""")]
    [InlineData("""[ { "code": "11011500300", "name": "枣园社区" } ]""")]
    [InlineData("""[ { "code": "110115003001", "name": " " } ]""")]
    [InlineData("""[ { "name": "枣园社区" } ]""")]
    [InlineData("""[ { "code": "110115003001", "name": "枣园社区" }, { "code": "110115003002", "name": "枣园社区" } ]""")]
    [InlineData("""[ { "code": "110115003001", "name": "枣园社区" }, { "code": "110115003001", "name": "兴涛社区" } ]""")]
    public void A_community_outside_its_street_unnamed_or_listed_twice_is_refused(string communities) =>
        Assert.Throws<FormatException>(() => DivisionRegistry.Parse($$"""
            { "district": { "code": "110115", "name": "大兴区" }, "streets": [ { "code": "110115003000", "name": "清源街道", "communities": {{communities}} } ] }
            """));

    [Fact]
    public void A_service_mode_listed_twice_is_refused() =>
        Assert.Throws<FormatException>(() => DivisionRegistry.Parse("""
            { "district": { "code": "110115", "name": "大兴区" }, "streets": [], "serviceModes": [ "红色物业", "红色物业 " ] }
            """));
}
