using System.Text;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using static Pipeline.Core.Tests.Figures.FigureRows;
using Pipeline.Core.Model;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Report;

/// <summary>A month of figures with hostile names, a street without valid visits and a previous month, rendered.</summary>
public static class ReportSamples
{
    public const string Xingfeng = "110115001000";
    public const string Linxiaolu = "110115002000";
    public const string ScriptCommunity = "<script>alert(1)</script>";
    public const string ImageMode = "<img src=x onerror=alert(1)>";
    public const string HyperlinkCommunity = "=HYPERLINK(\"http://evil.example\",\"点击\")";

    /// <summary>Community names a spreadsheet would run as formulas, and one that needs quoting.</summary>
    public static readonly string[] FormulaCommunities = [HyperlinkCommunity, "+1", "-1+2", "@SUM(A1)", "\tTab社区", "\rCR社区", "甲,乙 \"丙\""];

    public static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    public static readonly byte[] ChartLibrary = Encoding.UTF8.GetBytes("/* chart library */");
    public static readonly DateTimeOffset At = new(2021, 1, 1, 17, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<string> ListedPeriods = ["2020-10", "2020-11"];

    public static (SummaryDocument Summary, IReadOnlyList<CommunityFigures> Communities) Build(DateTimeOffset? at = null)
    {
        var qingyuan = Street(Qingyuan,
            [
                Compound("A", community: ScriptCommunity, mode: ImageMode, type: "<b>别墅</b>"),
                Compound("B", community: ScriptCommunity, service: false, mode: null),
                Compound("C"), Compound("D", owner: "无", party: false),
            ],
            [Counts("枣园社区", 100, 100, 98, 90, 80, 10, 10), Counts(ScriptCommunity, 10, 8, 8, 7, 6, 1, 1)],
            [], CompiledCatalog.Builtin);
        var xingfeng = Street(Xingfeng,
            [Compound("E", street: Xingfeng, community: FormulaCommunities[0], mode: "红色物业")],
            [.. FormulaCommunities.Select((name, i) => Counts(name, 20, 20, 19, 15 + (i % 3), 15, 2, 3, street: Xingfeng))],
            [], CompiledCatalog.Builtin);
        var linxiaolu = Street(Linxiaolu, [], [Counts("甲社区", 5, 0, 0, 0, 0, 0, 0, street: Linxiaolu)], [], CompiledCatalog.Builtin);
        var previousQingyuan = Street(Qingyuan,
            [Compound("A", community: ScriptCommunity), Compound("B", community: ScriptCommunity, service: false, mode: null)],
            [Counts("枣园社区", 100, 100, 90, 80, 70, 10, 20)], [], CompiledCatalog.Builtin);

        var summary = SummaryBuilder.Build(Daxing, Period, SummaryDocument.Monthly, 3, at ?? At,
            new[] { qingyuan.Street, xingfeng.Street, linxiaolu.Street }.ToDictionary(s => s.StreetCode),
            new[] { previousQingyuan.Street }.ToDictionary(s => s.StreetCode), CompiledCatalog.Builtin);
        return (summary, [.. linxiaolu.Communities, .. xingfeng.Communities, .. qingyuan.Communities]);
    }

    public static IReadOnlyList<ReportFile> Render(bool latest = true, DateTimeOffset? at = null)
    {
        var (summary, communities) = Build(at);
        return ReportSite.Render(summary, communities, ListedPeriods, latest, CompiledCatalog.Builtin, ChartLibrary);
    }

    public static ReportFile File(this IReadOnlyList<ReportFile> files, string path) => files.Single(f => f.Path == path);

    public static string Text(this ReportFile file) => Encoding.UTF8.GetString(file.Content);
}
