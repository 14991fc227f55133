using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Forms;

/// <summary>The catalog file: the built-in one is valid and round-trips; a bad one is refused with the file, form and field.</summary>
public sealed class FormCatalogTests
{
    private static JsonObject Builtin() => JsonNode.Parse(FormCatalogFile.Write(FormCatalogs.Builtin))!.AsObject();

    private static IReadOnlyList<CatalogProblem> Problems(JsonObject catalog) =>
        FormCatalogFile.Read(Encoding.UTF8.GetBytes(catalog.ToJsonString()), "forms-2021.json").Problems;

    private static JsonObject Form(JsonObject catalog, string code) =>
        catalog["forms"]!.AsArray().Select(f => f!.AsObject()).Single(f => (string?)f["code"] == code);

    [Fact]
    public void The_built_in_catalog_has_the_three_forms_and_reads_back_as_written()
    {
        var catalog = FormCatalogs.Builtin;

        Assert.Equal(["CompoundRoster", "AppealCounts", "TicketExport"], catalog.Forms.Select(f => f.Code));
        Assert.Equal("AppealCounts", catalog.MeasuredAs(catalog.Form("TicketExport")!).Code);
        var (again, problems) = FormCatalogFile.Read(Encoding.UTF8.GetBytes(FormCatalogFile.Write(catalog)), "again.json");
        Assert.Empty(problems);
        Assert.Equal(FormCatalogFile.Write(catalog), FormCatalogFile.Write(again!));
    }

    public static TheoryData<string, string, string?, string> BadCatalogs() => new()
    {
        // what is broken, then the field and form the problem must name, and what it must say
        { "unknown column", "checks[0] (valid-visits-within-received).expression", "AppealCounts", "names no column 'visits'" },
        { "type error", "checks[1] (contacted-within-valid-visits).expression", "AppealCounts", "gives text to arithmetic, which needs a number" },
        { "duplicate code", "code", "CompoundRoster", "is the code of more than one form" },
        { "cycle", "feeds", "AppealCounts", "makes a cycle: AppealCounts → TicketExport → AppealCounts" },
        { "bare division", "indicators[3] (responseRate).numerator", "AppealCounts", "divides with '/'" },
        { "division in a check", "checks[0] (valid-visits-within-received).expression", "AppealCounts", "divides with '/'" },
        { "unknown function", "checks[0] (valid-visits-within-received).expression", "AppealCounts", "calls Pow(), which is not a function forms allow here" },
        { "unknown field", "$.forms[0].colour", "CompoundRoster", "could not be mapped" },
        { "missing field", "$.forms[1]", "AppealCounts", "missing required properties" },
        { "unknown type", "$.forms[0].columns[8].type", "CompoundRoster", "could not be converted" },
        { "unknown measure", "indicators[0] (propertyServiceRate).numerator", "CompoundRoster", "names no measure 'with_service'" },
        { "unknown weight", "score.weights.speed", null, "names no indicator of the catalog" },
        { "ambiguous header", "columns", "CompoundRoster", "more than one column answers to the header '小区'" },
        { "unknown placeholder", "checks[0] (valid-visits-within-received).message", "AppealCounts", "{visits} names no column" },
        { "measures without a community", "measures", "AppealCounts", "are summed per community: the form needs a required column of type community" },
    };

    [Theory]
    [MemberData(nameof(BadCatalogs))]
    public void A_bad_catalog_is_refused_with_the_file_form_and_field(string broken, string field, string? form, string message)
    {
        var catalog = Builtin();
        var roster = Form(catalog, "CompoundRoster");
        var appeals = Form(catalog, "AppealCounts");
        var checks = appeals["checks"]!.AsArray();
        switch (broken)
        {
            case "unknown column": checks[0]!["expression"] = "visits <= received"; break;
            case "type error": checks[1]!["expression"] = "contacted <= valid_visits + '1'"; break;
            case "duplicate code": Form(catalog, "TicketExport")["code"] = "CompoundRoster"; break;
            case "cycle": appeals["feeds"] = "TicketExport"; appeals["measures"] = Form(catalog, "TicketExport")["measures"]!.DeepClone(); break;
            case "bare division": catalog["indicators"]![3]!["numerator"] = "contacted / valid_visits"; break;
            case "division in a check": checks[0]!["expression"] = "valid_visits / received <= 1"; break;
            case "unknown function": checks[0]!["expression"] = "Pow(valid_visits, 2) <= received"; break;
            case "unknown field": roster["colour"] = "red"; break;
            case "missing field": appeals.Remove("title"); break;
            case "unknown type": roster["columns"]![8]!["type"] = "money"; break;
            case "unknown measure": catalog["indicators"]![0]!["numerator"] = "with_service"; break;
            case "unknown weight": catalog["score"]!["weights"]!["speed"] = 0.2; break;
            case "ambiguous header": roster["columns"]![6]!["aliases"]!.AsArray().Add("社区"); roster["columns"]![6]!["aliases"]!.AsArray().Add("小区"); roster["columns"]![5]!["aliases"]!.AsArray().Add("小区"); break;
            case "unknown placeholder": checks[0]!["message"]!["zh"] = "{visits} 超过"; break;
            case "measures without a community": appeals["columns"]!.AsArray().Single(c => (string?)c!["key"] == "community_name")!["required"] = false; break;
            default: throw new ArgumentOutOfRangeException(nameof(broken), broken, null);
        }

        var problems = Problems(catalog);

        Assert.Contains(problems, p => p.File == "forms-2021.json" && p.Form == form && p.Field == field && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("forms-2021.json: ", p.ToString(), StringComparison.Ordinal));
    }

    private const string LongExpression =
        "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received + "
        + "received + received + received + received + received + received + received + received + received + received + received + received + received >= 0";

    [Theory]
    [InlineData("(((((((((((((((((((((((((((((((((valid_visits)))))))))))))))))))))))))))))))) <= received", "nests parentheses deeper than 32")]
    [InlineData("valid_visits <= received +", "does not parse")]
    [InlineData("valid_visits == == received", "does not parse")]
    [InlineData("()", "has a list of values where one value belongs")]
    [InlineData("", "is empty")]
    [InlineData(LongExpression, "is longer than 1000 characters")]
    [InlineData("Sqrt(received) >= 0", "calls Sqrt(), which is not a function forms allow here")]
    [InlineData("received like '1%'", "uses the operator Like, which forms do not allow")]
    [InlineData("received >> 1 == 0", "uses the operator RightShift, which forms do not allow")]
    [InlineData("explanation in (1, 2)", "looks for text among a number")]
    [InlineData("valid_visit", "names no column 'valid_visit'")]
    [InlineData("indicator('score') >= 0", "calls indicator() without the code of one of the form's indicators")]
    public void An_expression_that_could_hurt_or_mean_nothing_is_refused_before_it_runs(string expression, string problem)
    {
        var catalog = Builtin();
        Form(catalog, "AppealCounts")["checks"]![0]!["expression"] = expression;

        var problems = Problems(catalog);

        Assert.Contains(problems, p => p.Form == "AppealCounts" && p.Field == "checks[0] (valid-visits-within-received).expression" && p.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_too_large_or_not_json_is_one_problem_not_an_exception()
    {
        Assert.Contains("which a catalog is at most", Assert.Single(FormCatalogFile.Read(new byte[FormCatalogFile.MaxBytes + 1], "big.json").Problems).Message, StringComparison.Ordinal);
        Assert.Single(FormCatalogFile.Read("{\"version\": "u8.ToArray(), "cut.json").Problems);
        Assert.Single(FormCatalogFile.Read("null"u8.ToArray(), "null.json").Problems);
        Assert.Single(FormCatalogFile.Read(Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), "deep.json").Problems);
    }
}
