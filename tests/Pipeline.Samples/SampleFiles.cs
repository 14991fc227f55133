using System.Text;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.Samples;

/// <summary>
/// The bundled samples/: a month of uploads from several Daxing streets, in every form clerks send (xlsx with title
/// rows and merged cells, UTF-8 and GBK CSV), plus one file with mistakes whose findings the README shows.
/// </summary>
public static class SampleFiles
{
    public const string Period = "2020-12";

    public static void WriteAll(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, Period)).FullName;
        var random = new Random(20201231);
        WriteRosterXlsx(Path.Combine(folder, "清源街道-小区物业台账.xlsx"), "清源街道", random);
        WriteRosterCsv(Path.Combine(folder, "兴丰街道-小区物业台账.csv"), "兴丰街道", random, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        WriteRosterCsv(Path.Combine(folder, "亦庄地区-小区物业台账.csv"), "亦庄地区", random, Gbk);
        WriteAppealCounts(Path.Combine(folder, "诉求办理统计-林校路街道等.xlsx"), ["林校路街道", "观音寺街道", "天宫院街道", "高米店街道"], random);
        TicketExport.Write(Path.Combine(folder, "12345工单明细-2020年12月.xlsx"), ["清源街道", "兴丰街道", "黄村地区", "亦庄地区"], 600, new DateTime(2020, 12, 1), random);
        WriteBrokenRoster(Path.Combine(folder, "黄村地区-小区物业台账(有误).csv"));
    }

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

    private static void WriteRosterCsv(string path, string street, Random random, Encoding encoding)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', RosterHeader));
        foreach (var row in RosterRows(street, random))
        {
            text.AppendLine(string.Join(',', row.Select(c => c?.ToString())));
        }

        File.WriteAllText(path, text.ToString(), encoding);
    }

    private static void WriteAppealCounts(string path, string[] streets, Random random)
    {
        using var file = File.Create(path);
        using var workbook = XlsxWriter.Create(file);
        workbook.AddSheet("诉求办理统计");
        workbook.WriteRow("2020年12月接诉即办诉求办理情况统计表");
        workbook.Merge("A1:M1");
        workbook.WriteRow("统计周期", "街乡", "社区", "受理量", "有效回访量", "响应数", "解决数", "满意数", "基本满意数", "不满意数", "响应率", "解决率", "满意率");
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
                var satisfied = valid - unsatisfied - basic;
                workbook.WriteRow("2020年12月", street, community, received, valid, contacted, resolved, satisfied, basic, unsatisfied,
                    Percent(contacted, valid), Percent(resolved, valid), Percent(satisfied + (0.9 * basic), valid));
            }
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
