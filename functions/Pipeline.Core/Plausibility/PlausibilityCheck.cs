using System.Globalization;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Plausibility;

/// <summary>A street's figures of the previous period, as stored: the street aggregate and its communities.</summary>
public sealed record PreviousStreet(StreetAggregate? Street, IReadOnlyList<CommunityFigures> Communities);

/// <summary>
/// 核实性审核: compares a clean file with the same street's previous period and warns where a figure moved beyond a
/// threshold. A warning names its row; when the clerk wrote an explanation in that row's 说明/备注, the warning says
/// it is explained and shows the explanation. Warnings never reject a file and never change a figure.
/// </summary>
public static class PlausibilityCheck
{
    public static IReadOnlyList<Finding> Warnings(
        Observations observed, string file, string? sheet, Func<string, string, PreviousStreet?> previousOf, PlausibilityRules rules, double basicSatisfiedWeight)
    {
        var warnings = new List<Finding>();
        var streetColumn = observed.Header.Has(Field.StreetName.Key) ? observed.Header.HeaderOf(Field.StreetName.Key) : observed.Header.HeaderOf(Field.StreetCode.Key);
        foreach (var street in observed.Streets.OrderBy(s => s.FirstRow))
        {
            if (previousOf(street.Period, street.StreetCode) is not { Street.Property: { } before } previous)
            {
                continue;
            }

            if (before.Compounds > 0 && Math.Abs(street.Compounds - before.Compounds) > rules.CompoundChange * before.Compounds + 1e-9)
            {
                warnings.Add(Warning(file, sheet, street.FirstRow, streetColumn, "plausibility.compounds", street.Explanation,
                    $"小区数 {street.Compounds} 较上月 {before.Compounds} 变化超过 {Percent(rules.CompoundChange)}",
                    $"{street.Compounds} compounds against {before.Compounds} last month, a change of more than {Percent(rules.CompoundChange)}"));
            }

            foreach (var missing in previous.Communities.Where(c => c.Property is { Compounds: > 0 } && !street.Communities.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                warnings.Add(Warning(file, sheet, street.FirstRow, streetColumn, "plausibility.community-missing", street.Explanation,
                    $"社区“{missing.Name}”上月有小区，本月缺失", $"the community \"{missing.Name}\" had compounds last month and has none now"));
            }
        }

        foreach (var row in observed.Counts)
        {
            var before = previousOf(row.Period, row.StreetCode)?.Communities.FirstOrDefault(c => c.Key == row.Community.Key)?.Appeals;
            if (before is null)
            {
                continue;
            }

            var now = row.Tally;
            if (before.Received > 0 && (now.Received > rules.AppealsFactor * before.Received || now.Received * rules.AppealsFactor < before.Received))
            {
                warnings.Add(Warning(file, sheet, row.SourceRow, observed.Header.HeaderOf(Field.Received.Key), "plausibility.received", row.Explanation,
                    $"受理量 {now.Received} 与上月 {before.Received} 相差超过 {rules.AppealsFactor.ToString(CultureInfo.InvariantCulture)} 倍",
                    $"{now.Received} appeals received against {before.Received} last month, more than {rules.AppealsFactor.ToString(CultureInfo.InvariantCulture)} times apart"));
            }

            foreach (var (label, field, rate) in new (string, Field, Func<AppealTally, double?>)[]
            {
                ("响应率 / response rate", Field.ResponseRate, AppealAggregate.ResponseRate),
                ("解决率 / resolution rate", Field.ResolutionRate, AppealAggregate.ResolutionRate),
                ("满意率 / satisfaction rate", Field.SatisfactionRate, t => Rate.Of(t.Satisfied + (basicSatisfiedWeight * t.BasicSatisfied), t.ValidVisits)),
            })
            {
                if (rate(now) is { } current && rate(before) is { } last && Math.Abs(current - last) > rules.RatePoints + 1e-9)
                {
                    warnings.Add(Warning(file, sheet, row.SourceRow, observed.Header.HeaderOf(field.Key), "plausibility.rate", row.Explanation,
                        $"{label.Split(" / ")[0]} {Percent(current)} 较上月 {Percent(last)} 变化超过 {Points(rules.RatePoints)} 个百分点",
                        $"the {label.Split(" / ")[1]} is {Percent(current)} against {Percent(last)} last month, more than {Points(rules.RatePoints)} points apart"));
                }
            }
        }

        return warnings;
    }

    private static Finding Warning(string file, string? sheet, int row, string column, string code, string? explanation, string chinese, string english) =>
        new(file, sheet, row, column, code, explanation is { Length: > 0 }
            ? $"{chinese}（已说明：{explanation}） / {english} (explained: {explanation})"
            : $"{chinese}，请核实；如属实，请在本行“说明”列写明原因 / {english}: check it; if it is right, say why in this row's 说明 column")
        {
            Severity = FindingSeverity.Warning,
        };

    private static string Percent(double value) => value.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Points(double value) => (value * 100).ToString("0.#", CultureInfo.InvariantCulture);
}
