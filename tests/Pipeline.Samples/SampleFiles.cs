using System.Text;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.Samples;

/// <summary>
/// The bundled samples/: two months of uploads from several Daxing streets, in every form clerks send (xlsx with title
/// rows and merged cells, UTF-8 and GBK CSV), plus one file with mistakes whose findings the README shows; and the
/// district's catalog version that adds two forms from January, with January's sheets of them.
/// </summary>
public static class SampleFiles
{
    public const string Period = "2020-12";

    public static void WriteAll(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, Period)).FullName;
        var random = new Random(Seed);
        WriteRosterXlsx(Path.Combine(folder, "清源街道-小区物业台账.xlsx"), "清源街道", random);
        WriteRosterCsv(Path.Combine(folder, "兴丰街道-小区物业台账.csv"), "兴丰街道", random, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        WriteRosterCsv(Path.Combine(folder, "亦庄地区-小区物业台账.csv"), "亦庄地区", random, Gbk);
        WriteAppealCounts(Path.Combine(folder, "诉求办理统计-林校路街道等.xlsx"), "2020年12月", [.. AppealRows(CountsStreets, random)]);
        TicketExport.Write(Path.Combine(folder, "12345工单明细-2020年12月.xlsx"), ["清源街道", "兴丰街道", "黄村地区", "亦庄地区"], 600, new DateTime(2020, 12, 1), random);
        WriteBrokenRoster(Path.Combine(folder, "黄村地区-小区物业台账(有误).csv"));
        WriteNextMonth(Directory.CreateDirectory(Path.Combine(root, NextPeriod)).FullName);
        SeedFormSamples.WriteAll(root, NextPeriod, "2021年1月");
    }

    public const string NextPeriod = "2021-01";

    private const int Seed = 20201231;

    /// <summary>
    /// 2021-01, against December: 清源's roster grew by a third (explained in the first row's 备注), 兴丰's lost a
    /// community (not explained), one community's received appeals quadrupled (explained) and one resolution rate fell
    /// 20 points; the tickets of January; most streets have not reported, so the status page shows who is missing.
    /// </summary>
    private static void WriteNextMonth(string folder)
    {
        // December's rows again, drawn in the order WriteAll drew them.
        var replay = new Random(Seed);
        var qingyuan = RosterRows("清源街道", replay).ToList();
        var xingfeng = RosterRows("兴丰街道", replay).ToList();
        _ = RosterRows("亦庄地区", replay).ToList();
        var counts = AppealRows(CountsStreets, replay).ToList();

        var random = new Random(20210131);
        var grown = qingyuan.Concat(qingyuan.Take(qingyuan.Count / 3).Select(r => (object?[])[.. r])).Select((r, i) =>
        {
            var row = (object?[])r.Clone();
            row[0] = i + 1;
            row[3] = i < qingyuan.Count ? r[3] : $"回迁安置{i - qingyuan.Count + 1}号院";
            row[11] = i == 0 ? "本月新接收回迁安置小区" : null;
            return row;
        }).ToList();
        WriteRosterCsvRows(Path.Combine(folder, "清源街道-小区物业台账-2021年1月.csv"), grown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var dropped = (string)xingfeng[0][2]!;
        WriteRosterCsvRows(Path.Combine(folder, "兴丰街道-小区物业台账-2021年1月.csv"), [.. xingfeng.Where(r => (string)r[2]! != dropped)], Gbk);

        var january = counts.Select((c, i) => i switch
        {
            0 => c with { Received = c.Received * 4, Explanation = "本月集中供暖诉求增多" },
            5 => c with { Resolved = Math.Max(0, c.Resolved - (c.Valid / 5) - 1) },
            _ => c,
        }).ToList();
        WriteAppealCounts(Path.Combine(folder, "诉求办理统计-林校路街道等-2021年1月.xlsx"), "2021年1月", january);
        TicketExport.Write(Path.Combine(folder, "12345工单明细-2021年1月.xlsx"), ["清源街道", "兴丰街道", "黄村地区", "亦庄地区"], 650, new DateTime(2021, 1, 1), random);
    }

    private static readonly string[] CountsStreets = ["林校路街道", "观音寺街道", "天宫院街道", "高米店街道"];

    public static Encoding Gbk
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    private static readonly object?[] RosterHeader =
        ["序号", "街道", "社区", "小区名称", "小区类型", "户数", "是否有物业", "物业服务方式", "物业服务企业", "业委会(物管会)", "党组织覆盖", "备注"];

    private static IEnumerable<object?[]> RosterRows(string street, Random random)
    {
        var number = 0;
        foreach (var community in DaxingCommunities.ByStreet[street])
        {
            var stem = community.Replace("社区", "", StringComparison.Ordinal).Replace("村", "", StringComparison.Ordinal);
            for (var i = 1; i <= random.Next(3, 7); i++)
            {
                var managed = random.NextDouble() < 0.93;
                var mode = managed ? DaxingCommunities.ServiceModes[random.Next(DaxingCommunities.ServiceModes.Length)] : "无";
                object? company = mode is "专业物业" or "国企兜底" ? DaxingCommunities.Companies[random.Next(DaxingCommunities.Companies.Length)] : null;
                var owner = random.NextDouble() switch { < 0.55 => "业委会", < 0.9 => "物管会", _ => "无" };
                yield return
                [
                    ++number, street, community, $"{stem}{i}号院", DaxingCommunities.CompoundTypes[random.Next(DaxingCommunities.CompoundTypes.Length)],
                    random.Next(80, 1600), managed ? "是" : "否", mode, company, owner, random.NextDouble() < 0.95 ? "是" : "否", null,
                ];
            }
        }
    }

    private static void WriteRosterXlsx(string path, string street, Random random)
    {
        using var file = File.Create(path);
        using var workbook = XlsxWriter.Create(file);
        workbook.AddSheet("小区物业台账");
        workbook.WriteRow($"大兴区{street}小区物业管理“三率”台账");
        workbook.Merge("A1:L1");
        workbook.WriteRow("填报单位：" + street + "办事处", null, null, null, null, null, null, null, "填报周期：2020年12月");
        workbook.WriteRow(RosterHeader);
        var rows = RosterRows(street, random).ToList();
        foreach (var row in rows)
        {
            workbook.WriteRow(row);
        }

        // Clerks merge the street column down the whole table.
        workbook.Merge($"B4:B{rows.Count + 3}");
        workbook.WriteRow("合计", null, null, $"{rows.Count} 个小区", null, rows.Sum(r => (int)r[5]!));
    }

    private static void WriteRosterCsv(string path, string street, Random random, Encoding encoding) =>
        WriteRosterCsvRows(path, [.. RosterRows(street, random)], encoding);

    private static void WriteRosterCsvRows(string path, IEnumerable<object?[]> rows, Encoding encoding)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', RosterHeader));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(',', row.Select(c => c?.ToString())));
        }

        File.WriteAllText(path, text.ToString(), encoding);
    }

    /// <summary>One community's appeal counts for a month.</summary>
    private sealed record AppealRow(string Street, string Community, int Received, int Valid, int Contacted, int Resolved, int Satisfied, int Basic, int Unsatisfied)
    {
        public string? Explanation { get; init; }
    }

    private static IEnumerable<AppealRow> AppealRows(string[] streets, Random random)
    {
        foreach (var street in streets)
        {
            foreach (var community in DaxingCommunities.ByStreet[street])
            {
                var received = random.Next(20, 160);
                var valid = received - random.Next(0, received / 5);
                var contacted = valid - random.Next(0, 2);
                var resolved = valid - random.Next(0, valid / 8 + 1);
                var unsatisfied = random.Next(0, valid / 10 + 1);
                var basic = random.Next(0, (valid - unsatisfied) / 6 + 1);
                yield return new AppealRow(street, community, received, valid, contacted, resolved, valid - unsatisfied - basic, basic, unsatisfied);
            }
        }
    }

    private static void WriteAppealCounts(string path, string month, IReadOnlyList<AppealRow> rows)
    {
        using var file = File.Create(path);
        using var workbook = XlsxWriter.Create(file);
        workbook.AddSheet("诉求办理统计");
        workbook.WriteRow($"{month}接诉即办诉求办理情况统计表");
        workbook.Merge("A1:N1");
        workbook.WriteRow("统计周期", "街乡", "社区", "受理量", "有效回访量", "响应数", "解决数", "满意数", "基本满意数", "不满意数", "响应率", "解决率", "满意率", "说明");
        foreach (var r in rows)
        {
            workbook.WriteRow(month, r.Street, r.Community, r.Received, r.Valid, r.Contacted, r.Resolved, r.Satisfied, r.Basic, r.Unsatisfied,
                Percent(r.Contacted, r.Valid), Percent(r.Resolved, r.Valid), Percent(r.Satisfied + (0.9 * r.Basic), r.Valid), r.Explanation);
        }

        workbook.WriteRow("合计");
    }

    private static string Percent(double part, int whole) =>
        (part / whole).ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A roster with the mistakes clerks make; the README shows the findings it gets.</summary>
    private static void WriteBrokenRoster(string path) =>
        File.WriteAllText(path, string.Join("\r\n",
            "街道,社区,小区名称,户数,是否有物业,物业服务方式,业主组织,党组织覆盖",
            "黄村地区,狼垡村,狼垡一里,320,是,专业物业,业委会,是",
            "黄村地区,狼垡村,狼垡二里,-15,是,红色物业,物管会,是",
            "黄村街道,宋庄村,宋庄小区,210,是,国企兜底,无,是",
            "黄村地区,康庄社区,康庄小区,400,不清楚,准物业,业委会,是",
            "黄村地区,康庄社区,,150,是,自管,无,否",
            "黄村地区,狼垡村,狼垡一里,320,是,专业物业,业委会,是",
            "合计,,,1405") + "\r\n", new UTF8Encoding(true));
}
