using Pipeline.Testing.Spreadsheets;

namespace Pipeline.Samples;

/// <summary>A synthetic 12345 ticket export in the city platform's column layout, with masked caller details.</summary>
public static class TicketExport
{
    public static readonly object?[] Header =
        ["工单编号", "来电时间", "问题分类", "主要内容", "被反映街乡镇", "村/社区", "工单状态", "办结时间", "是否有效回访", "是否联系", "是否解决", "是否满意", "来电人", "联系电话"];

    public static IEnumerable<object?[]> Rows(IReadOnlyList<string> streets, int count, DateTime month, Random random)
    {
        for (var i = 1; i <= count; i++)
        {
            var street = streets[random.Next(streets.Count)];
            var communities = DaxingCommunities.ByStreet.TryGetValue(street, out var known) ? known : [$"{street[..2]}社区"];
            var receivedAt = month.AddSeconds(random.Next(0, 28 * 24 * 3600));
            var valid = random.NextDouble() < 0.85;
            var contacted = valid && random.NextDouble() < 0.99;
            var resolved = valid && random.NextDouble() < 0.9;
            var satisfaction = !valid ? null : random.NextDouble() switch { < 0.85 => "满意", < 0.95 => "基本满意", _ => "不满意" };
            var topic = DaxingCommunities.AppealTopics[random.Next(DaxingCommunities.AppealTopics.Length)];
            yield return
            [
                $"{month:yyyyMM}{i:D7}", receivedAt, topic, $"市民反映{topic}问题，请尽快处理。", street, communities[random.Next(communities.Length)],
                "已办结", receivedAt.AddHours(random.Next(2, 96)), valid ? "是" : "否", contacted ? "是" : "否", resolved ? "是" : "否", satisfaction,
                $"{DaxingCommunities.Surnames[random.Next(DaxingCommunities.Surnames.Length)]}**", $"1{random.Next(30, 99)}****{random.Next(1000, 9999)}",
            ];
        }
    }

    public static void Write(string path, IReadOnlyList<string> streets, int count, DateTime month, Random random)
    {
        using var file = File.Create(path);
        using var workbook = XlsxWriter.Create(file);
        workbook.AddSheet("工单明细");
        workbook.WriteRow(Header);
        foreach (var row in Rows(streets, count, month, random))
        {
            workbook.WriteRow(row);
        }
    }
}
