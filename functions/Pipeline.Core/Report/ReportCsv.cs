using Pipeline.Core.Forms;
using System.Text;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Report;

/// <summary>
/// The report's CSV files: UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF line ends, a header row with
/// Chinese and English names. Rates are unrounded fractions beside their counts; text goes through <see cref="Csv.Cell"/>.
/// </summary>
internal static class ReportCsv
{
    private static readonly string[] PropertyCounts =
        ["小区数 compounds", "有物业服务 with_property_service", "有业主组织 with_owner_organization", "有党组织 with_party_organization"];

    private static readonly string[] AppealCounts =
        ["受理量 received", "有效回访 valid_visits", "已联系 contacted", "已解决 resolved", "满意 satisfied", "基本满意 basic_satisfied", "不满意 unsatisfied"];

    // Indicator columns are named from ReportIndicator, the one list of indicator names.
    private static readonly string[] StreetHeader =
    [
        "排名 rank", "街道代码 street_code", "街道 street", ReportIndicator.Score.CsvName,
        .. ReportIndicator.Property.Concat(ReportIndicator.Appeals).Select(i => i.CsvName),
        .. ReportIndicator.Appeals.Select(i => i.CommunityAverageCsvName),
        .. PropertyCounts, .. AppealCounts, "数据来源 source", "预警 alerts", "上期排名 previous_rank",
    ];

    private static readonly string[] CommunityHeader =
    [
        "街道代码 street_code", "街道 street", "社区代码 community_code", "社区 community",
        .. ReportIndicator.All.Select(i => i.CsvName), .. PropertyCounts, .. AppealCounts, "物业服务方式 service_modes",
    ];

    private static readonly string[] GroupHeader =
    [
        "分组代码 group_code", "分组 group", "成员社区 members", "有数据社区 reporting", ReportIndicator.Score.CsvName,
        .. ReportIndicator.Property.Concat(ReportIndicator.Appeals).Select(i => i.CsvName),
        .. ReportIndicator.Appeals.Select(i => i.CommunityAverageCsvName),
        .. PropertyCounts, .. AppealCounts,
    ];

    /// <summary>The named community groups, in registry order.</summary>
    public static byte[] Groups(SummaryDocument summary)
    {
        var lines = new List<IEnumerable<string>> { GroupHeader.Select(Csv.Cell) };
        lines.AddRange(summary.Groups.Select(g =>
        {
            var (p, a) = (g.Property, g.Appeals);
            return new[] { Csv.Cell(g.Code), Csv.Cell(g.Name), ReportFormat.Raw(g.Members), ReportFormat.Raw(g.Reporting), ReportFormat.Raw(a?.Score) }
                .Concat(ReportIndicator.Property.Concat(ReportIndicator.Appeals).Select(i => ReportFormat.Raw(i.Value(p, a))))
                .Concat(ReportIndicator.Appeals.Select(i => ReportFormat.Raw(i.Average!(a?.CommunityAverage))))
                .Concat(Counts(p, a));
        }));
        return Encode(lines);
    }

    /// <summary>The streets in ranking order, then the district's totals.</summary>
    public static byte[] Streets(SummaryDocument summary)
    {
        var lines = new List<IEnumerable<string>> { StreetHeader.Select(Csv.Cell) };
        lines.AddRange(ReportOrder.Ranking(summary).Select(s =>
            Row(ReportFormat.Raw(s.Rank), s.Code, s.Name, s.Property, s.Appeals, s.Alerts, ReportFormat.Raw(s.Previous?.Rank))));
        var d = summary.District;
        lines.Add(Row("", d.Code, d.Name, d.Property, d.Appeals, d.Alerts, ""));
        return Encode(lines);
    }

    public static byte[] Communities(SummaryDocument summary, IReadOnlyList<CommunityFigures> communities, CompiledCatalog catalog)
    {
        var lines = new List<IEnumerable<string>> { CommunityHeader.Select(Csv.Cell) };
        foreach (var (streetCode, streetName, rows) in ReportOrder.Drilldown(summary, communities))
        {
            lines.AddRange(rows.Select(c =>
            {
                var p = c.Property;
                var a = c.Appeals;
                var rates = c.Rates(catalog);
                return new[] { Csv.Cell(streetCode), Csv.Cell(streetName), Csv.Cell(c.Figures.Code), Csv.Cell(c.Figures.Name) }
                    .Concat(ReportIndicator.All.Select(i => ReportFormat.Raw(rates.GetValueOrDefault(i.Key))))
                    .Concat([
                        ReportFormat.Raw(p?.Compounds), ReportFormat.Raw(p?.WithPropertyService), ReportFormat.Raw(p?.WithOwnerOrganization),
                        ReportFormat.Raw(p?.WithPartyOrganization), ReportFormat.Raw(a?.Received), ReportFormat.Raw(a?.ValidVisits),
                        ReportFormat.Raw(a?.Contacted), ReportFormat.Raw(a?.Resolved), ReportFormat.Raw(a?.Satisfied),
                        ReportFormat.Raw(a?.BasicSatisfied), ReportFormat.Raw(a?.Unsatisfied),
                        Csv.Cell(p is null ? null : string.Join(";", ReportOrder.Counts(p.ByServiceMode).Select(kv => $"{kv.Key}:{ReportFormat.Raw(kv.Value)}"))),
                    ]);
            }));
        }

        return Encode(lines);
    }

    private static IEnumerable<string> Row(string rank, string code, string name, PropertySummary? p, AppealSummary? a,
        IReadOnlyList<Alert> alerts, string previousRank) =>
    [
        rank, Csv.Cell(code), Csv.Cell(name), ReportFormat.Raw(a?.Score),
        .. ReportIndicator.Property.Concat(ReportIndicator.Appeals).Select(i => ReportFormat.Raw(i.Value(p, a))),
        .. ReportIndicator.Appeals.Select(i => ReportFormat.Raw(i.Average!(a?.CommunityAverage))),
        .. Counts(p, a),
        Csv.Cell(a?.Source), Csv.Cell(string.Join(";", alerts.Select(x => x.Indicator))), previousRank,
    ];

    /// <summary>The counts behind the rates, in the order of <see cref="PropertyCounts"/> and <see cref="AppealCounts"/>.</summary>
    private static IEnumerable<string> Counts(PropertySummary? p, AppealSummary? a) =>
    [
        ReportFormat.Raw(p?.Compounds), ReportFormat.Raw(p?.WithPropertyService), ReportFormat.Raw(p?.WithOwnerOrganization),
        ReportFormat.Raw(p?.WithPartyOrganization),
        ReportFormat.Raw(a?.Received), ReportFormat.Raw(a?.ValidVisits), ReportFormat.Raw(a?.Contacted), ReportFormat.Raw(a?.Resolved),
        ReportFormat.Raw(a?.Satisfied), ReportFormat.Raw(a?.BasicSatisfied), ReportFormat.Raw(a?.Unsatisfied),
    ];

    public static byte[] Encode(IEnumerable<IEnumerable<string>> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(string.Join(",", line)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
