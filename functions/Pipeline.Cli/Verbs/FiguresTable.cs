using System.Globalization;
using System.Text;
using Pipeline.Core.Summary;

namespace Pipeline.Cli.Verbs;

/// <summary>The district and street figures of a summary as a short text table for the terminal.</summary>
public static class FiguresTable
{
    private static readonly (string Header, int Width)[] Columns =
        [("", 12), ("小区", 6), ("物业服务", 9), ("业主组织", 9), ("党组织", 8), ("受理", 7), ("响应率", 8), ("解决率", 8), ("满意率", 8), ("得分", 6), ("排名", 5)];

    public static string Render(SummaryDocument summary)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{summary.District.Name} {summary.Period} (revision {summary.Revision})");
        Line(text, Columns.Select(c => c.Header));
        Line(text, Cells(summary.District.Name, summary.District.Property, summary.District.Appeals, null));
        foreach (var street in summary.Streets.Where(s => s.Property is not null || s.Appeals is not null))
        {
            Line(text, Cells(street.Name, street.Property, street.Appeals, street.Rank));
        }

        return text.ToString();
    }

    private static IEnumerable<string> Cells(string name, PropertySummary? property, AppealSummary? appeals, int? rank) =>
    [
        name, Number(property?.Compounds), Percent(property?.PropertyServiceRate), Percent(property?.OwnerOrganizationRate),
        Percent(property?.PartyOrganizationRate), Number(appeals?.Received), Percent(appeals?.ResponseRate), Percent(appeals?.ResolutionRate),
        Percent(appeals?.SatisfactionRate), appeals?.Score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—", Number(rank),
    ];

    /// <summary>The first column left-aligned, the others right-aligned, by display width (CJK characters take two columns).</summary>
    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
        {
            var padding = new string(' ', Math.Max(0, Columns[i].Width - cell.Sum(c => c > 0x2E80 ? 2 : 1)));
            text.Append(i == 0 ? cell + padding : padding + cell);
        }

        text.AppendLine();
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "—";

    private static string Percent(double? rate) => rate?.ToString("0.0%", CultureInfo.InvariantCulture) ?? "—";
}
