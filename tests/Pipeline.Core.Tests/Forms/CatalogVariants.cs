using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Forms;

/// <summary>The built-in catalog with a district's own choices, checked as a published version would be.</summary>
internal static class CatalogVariants
{
    public static CompiledCatalog With(Func<FormCatalog, FormCatalog> change)
    {
        var catalog = change(FormCatalogs.Builtin with { Version = "test" });
        var problems = CatalogCheck.Problems(catalog, "test.json");
        return problems.Count == 0 ? CompiledCatalog.Compile(catalog) : throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>Indicator <paramref name="code"/> with its numerator replaced.</summary>
    public static CompiledCatalog Numerator(string code, string numerator) =>
        With(c => c with { Indicators = [.. c.Indicators.Select(i => i.Code == code ? i with { Numerator = numerator } : i)] });

    public static CompiledCatalog Weights(IReadOnlyDictionary<string, double> weights) =>
        With(c => c with { Score = c.Score! with { Weights = weights } });

    /// <summary>Every indicator's target as given (none where not given), and the score's.</summary>
    public static CompiledCatalog Targets(IReadOnlyDictionary<string, double> targets, double? score = null) =>
        With(c => c with
        {
            Indicators = [.. c.Indicators.Select(i => i with { Target = targets.TryGetValue(i.Code, out var t) ? t : null })],
            Score = c.Score! with { Target = score },
        });

    /// <summary>
    /// Version <paramref name="version"/> from <paramref name="effectiveFrom"/>: the built-in catalog and 生活垃圾分类督导
    /// (one row per community: supervised, households, participating; 督导覆盖率 and 分类参与率), as a district would publish it.
    /// </summary>
    public static CompiledCatalog WithSortingForm(string version = "2", string effectiveFrom = "2021-01")
    {
        var catalog = JsonNode.Parse(FormCatalogFile.Write(FormCatalogs.Builtin with { Version = version, EffectiveFrom = effectiveFrom }))!.AsObject();
        catalog["forms"]!.AsArray().Add(JsonNode.Parse("""
            {
              "code": "GarbageSorting", "title": { "zh": "生活垃圾分类督导", "en": "Garbage-sorting supervision" }, "rowNoun": { "zh": "社区", "en": "community" },
              "owedBy": "street", "statement": "replace", "keys": [["community_code"], ["community_name"]], "signature": ["supervised", "participating"],
              "columns": [
                { "key": "period", "label": { "zh": "填报周期", "en": "Period" }, "type": "period" },
                { "key": "street_code", "label": { "zh": "街乡代码", "en": "Street code" }, "type": "street-code" },
                { "key": "street_name", "label": { "zh": "街道", "en": "Street" }, "type": "street" },
                { "key": "community_code", "label": { "zh": "社区代码", "en": "Community code" }, "type": "community-code" },
                { "key": "community_name", "label": { "zh": "社区", "en": "Community" }, "type": "community", "required": true },
                { "key": "supervised", "label": { "zh": "是否督导", "en": "Supervised" }, "type": "yes-no", "required": true },
                { "key": "method", "label": { "zh": "督导方式", "en": "Method" }, "type": "choice", "options": [ { "value": "桶前值守" }, { "value": "巡查" } ] },
                { "key": "households", "label": { "zh": "户数", "en": "Households" }, "type": "count", "required": true },
                { "key": "participating", "label": { "zh": "参与户数", "en": "Participating" }, "type": "count", "required": true }
              ],
              "measures": [
                { "code": "communities", "title": { "zh": "社区数", "en": "Communities" }, "expression": "count()" },
                { "code": "supervised", "title": { "zh": "已督导", "en": "Supervised" }, "expression": "count(supervised)" },
                { "code": "households", "title": { "zh": "户数", "en": "Households" }, "expression": "sum(households)" },
                { "code": "participating", "title": { "zh": "参与户数", "en": "Participating households" }, "expression": "sum(participating)" }
              ]
            }
            """));
        foreach (var indicator in new[]
        {
            """{ "code": "supervisionCoverage", "title": { "zh": "督导覆盖率", "en": "Supervision coverage" }, "form": "GarbageSorting", "numerator": "supervised", "denominator": "communities", "target": 1 }""",
            """{ "code": "participationRate", "title": { "zh": "分类参与率", "en": "Participation" }, "form": "GarbageSorting", "numerator": "participating", "denominator": "households", "target": 0.9 }""",
        })
        {
            catalog["indicators"]!.AsArray().Add(JsonNode.Parse(indicator));
        }

        var (read, problems) = FormCatalogFile.Read(Encoding.UTF8.GetBytes(catalog.ToJsonString()), "forms.json");
        return read is null ? throw new InvalidOperationException(string.Join("; ", problems)) : CompiledCatalog.Compile(read);
    }
}
