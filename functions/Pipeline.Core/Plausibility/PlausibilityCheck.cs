using System.Globalization;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Plausibility;

/// <summary>A street's figures of the previous period, as stored: the street aggregate and its communities.</summary>
public sealed record PreviousStreet(StreetAggregate? Street, IReadOnlyList<CommunityFigures> Communities);

/// <summary>
/// 核实性审核 against the previous period, by the plausibility rules the catalog gives the file's form: each rule's
/// subject (a measure, or an indicator over the measures) of a street or of each community, now against last month's
/// stored figures of the form it is measured as. A warning the clerk confirms with a 说明; never a rejection.
/// </summary>
public static class PlausibilityCheck
{
    private const double Tolerance = 1e-9;

    public static IReadOnlyList<Finding> Warnings(
        Observations observed, string file, string? sheet, Func<string, string, PreviousStreet?> previousOf, CompiledCatalog catalog, DivisionRegistry registry)
    {
        var header = observed.Header;
        var form = header.Form;
        var measuredAs = form.MeasuredAs.Code;
        var streetColumn = ColumnOf(header, ColumnType.Street, ColumnType.StreetCode);
        var communityColumn = ColumnOf(header, ColumnType.Community, ColumnType.CommunityCode);
        var warnings = new List<Finding>();
        foreach (var street in observed.Streets.OrderBy(s => s.FirstRow))
        {
            if (previousOf(street.Period, street.StreetCode) is not { } previous)
            {
                continue;
            }

            var streetName = registry.FindByCode(street.StreetCode)?.Name ?? street.StreetCode;
            var streetBefore = previous.Street is { } aggregate ? LegacyMeasures.Of(aggregate).GetValueOrDefault(measuredAs) : null;
            var communitiesBefore = Before(previous, street, registry, measuredAs);
            foreach (var rule in form.Definition.Plausibility)
            {
                var subject = Subject(catalog, form, rule.Subject);
                switch (rule.Scope, rule.Change)
                {
                    case (PlausibilityScope.Street, _) when streetBefore is not null:
                    {
                        var now = subject.Value(observed.Totals(street.Sums));
                        var before = subject.Value(streetBefore);
                        if (Moved(rule, now, before))
                        {
                            warnings.Add(Warning(file, sheet, street.FirstRow, SubjectColumn(header, subject) ?? streetColumn, rule, street.Explanation,
                                Placeholders(rule, subject, now, before, streetName, null)));
                        }

                        break;
                    }

                    case (PlausibilityScope.Community, PlausibilityChange.Disappeared):
                        foreach (var (key, gone) in communitiesBefore.OrderBy(c => c.Key, StringComparer.Ordinal))
                        {
                            if (!street.Communities.ContainsKey(key) && subject.Value(gone.Totals) is > 0 and var before)
                            {
                                warnings.Add(Warning(file, sheet, street.FirstRow, streetColumn, rule, street.Explanation,
                                    Placeholders(rule, subject, null, before, streetName, gone.Name)));
                            }
                        }

                        break;
                    case (PlausibilityScope.Community, _):
                        foreach (var community in street.Communities.Values.OrderBy(c => c.FirstRow))
                        {
                            if (communitiesBefore.TryGetValue(community.Community.Key, out var last))
                            {
                                var now = subject.Value(observed.Totals(community.Sums));
                                var before = subject.Value(last.Totals);
                                if (Moved(rule, now, before))
                                {
                                    warnings.Add(Warning(file, sheet, community.FirstRow, SubjectColumn(header, subject) ?? communityColumn, rule, community.Explanation,
                                        Placeholders(rule, subject, now, before, streetName, community.Community.Name)));
                                }
                            }
                        }

                        break;
                    case (PlausibilityScope.Street, _):
                        // No street figures of the form last month: nothing to compare.
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(observed), rule.Scope, $"plausibility scope {rule.Scope}");
                }
            }
        }

        return warnings;
    }

    /// <summary>
    /// Last month's communities of the street keyed as this file names them. One that has ended since is counted for
    /// the one unit it became (several that merged into one, pooled), so a converted village is compared with its
    /// residents' committee rather than reported gone; one that split is a break, compared with nothing.
    /// </summary>
    private static Dictionary<string, (string Name, MeasureTotals Totals)> Before(
        PreviousStreet previous, StreetObservation street, DivisionRegistry registry, string measuredAs)
    {
        var before = new Dictionary<string, (string Name, MeasureTotals Totals)>(StringComparer.Ordinal);
        var ended = new List<(DivisionUnit Now, MeasureTotals Totals)>();
        foreach (var community in previous.Communities)
        {
            if (LegacyMeasures.Of(community).GetValueOrDefault(measuredAs) is not { } totals)
            {
                continue;
            }

            if (registry.History?.CommunityNotice(community.StreetCode, community.Code, community.Name, street.Period) is not { NotYet: false } notice)
            {
                before.TryAdd(community.Key, (community.Name, totals));
            }
            else if (notice.Successors is [var now])
            {
                ended.Add((now, totals));
            }
        }

        foreach (var (now, totals) in ended)
        {
            var key = street.Communities.ContainsKey(now.Code) ? now.Code : CommunityRef.Create(null, now.Name).Key;
            before[key] = before.TryGetValue(key, out var pooled) ? (now.Name, pooled.Totals + totals) : (now.Name, totals);
        }

        return before;
    }

    /// <summary>Whether a value moved beyond the rule's threshold; a value that is not there (no denominator) never did.</summary>
    private static bool Moved(PlausibilityRule rule, double? now, double? before) => (now, before) is ({ } n, { } b) && rule.Change switch
    {
        PlausibilityChange.Share => b > 0 && Math.Abs(n - b) > (rule.Threshold * b) + Tolerance,
        PlausibilityChange.Factor => b > 0 && (n > rule.Threshold * b || n * rule.Threshold < b),
        PlausibilityChange.Points => Math.Abs(n - b) > rule.Threshold + Tolerance,
        PlausibilityChange.Disappeared => false,
        var other => throw new ArgumentOutOfRangeException(nameof(rule), other, null),
    };

    /// <summary>What a rule compares: a measure of the form, or one of its indicators, and the columns it comes from.</summary>
    private sealed record SubjectOf(Func<MeasureTotals, double?> Value, IndicatorFormat? Format, IReadOnlyList<string> Columns);

    private static SubjectOf Subject(CompiledCatalog catalog, CompiledForm form, string code)
    {
        var measures = form.MeasuredAs.Measures.ToDictionary(m => m.Code, StringComparer.Ordinal);
        IReadOnlyList<string> ColumnsOf(string measure) =>
            form.Definition.Measures.FirstOrDefault(m => m.Code == measure) is { } own && FormExpression.Parse(own.Expression).Tree is { } tree ? ExpressionNames.Of(tree) : [];
        if (measures.ContainsKey(code))
        {
            return new SubjectOf(totals => totals.Values.TryGetValue(code, out var value) ? value : null, null, ColumnsOf(code));
        }

        var indicator = catalog.Indicator(code);
        var numerator = FormExpression.Parse(indicator.Definition.Numerator).Tree is { } parsed ? ExpressionNames.Of(parsed) : [];
        return new SubjectOf(indicator.Value, indicator.Definition.Format, [.. numerator.SelectMany(ColumnsOf)]);
    }

    /// <summary>The header of the first column the subject is made of that the sheet has; none for a count of rows.</summary>
    private static string? SubjectColumn(Ingest.FormHeader header, SubjectOf subject) =>
        subject.Columns.FirstOrDefault(header.Has) is { } column ? header.HeaderOf(column) : null;

    private static string ColumnOf(Ingest.FormHeader header, params ColumnType[] types)
    {
        var columns = types.SelectMany(type => header.Form.Definition.Columns.Where(c => c.Type == type)).ToList();
        return header.HeaderOf((columns.FirstOrDefault(c => header.Has(c.Key)) ?? columns.FirstOrDefault())?.Key ?? "");
    }

    private static (Func<string, string> Zh, Func<string, string> En) Placeholders(
        PlausibilityRule rule, SubjectOf subject, double? now, double? before, string street, string? community)
    {
        string Value(double? value) => value is not { } v ? "—" : subject.Format switch
        {
            IndicatorFormat.Percent => v.ToString("0.0#%", CultureInfo.InvariantCulture),
            IndicatorFormat.Decimal or null => v.ToString("#,0.##", CultureInfo.InvariantCulture),
            var other => throw new ArgumentOutOfRangeException(nameof(subject), other, null),
        };

        string Fill(string placeholder, bool chinese) => placeholder switch
        {
            "threshold" => rule.Change switch
            {
                PlausibilityChange.Share => rule.Threshold.ToString("0.#%", CultureInfo.InvariantCulture),
                PlausibilityChange.Points => (rule.Threshold * 100).ToString("0.#", CultureInfo.InvariantCulture) + (chinese ? " 个百分点" : " points"),
                PlausibilityChange.Factor or PlausibilityChange.Disappeared => rule.Threshold.ToString("0.##", CultureInfo.InvariantCulture),
                var other => throw new ArgumentOutOfRangeException(nameof(rule), other, null),
            },
            "previous" => Value(before),
            "current" => Value(now),
            "community" => community ?? "",
            "street" => street,
            // The catalog check lets no other placeholder through.
            _ => $"{{{placeholder}}}",
        };

        return (p => Fill(p, chinese: true), p => Fill(p, chinese: false));
    }

    private static Finding Warning(
        string file, string? sheet, int row, string column, PlausibilityRule rule, string? explanation, (Func<string, string> Zh, Func<string, string> En) fill)
    {
        var chinese = MessageText.Fill(rule.Message.Zh, fill.Zh);
        var english = MessageText.Fill(rule.Message.En, fill.En);
        return new(file, sheet, row, column, rule.Code, explanation is { Length: > 0 }
            ? $"{chinese}（已说明：{explanation}） / {english} (explained: {explanation})"
            : $"{chinese}，请核实；如属实，请在本行“说明”列写明原因 / {english}: check it; if it is right, say why in this row's 说明 column")
        {
            Severity = FindingSeverity.Warning,
        };
    }
}
