using System.Text;
using Pipeline.Core.Report;
using static Pipeline.Core.Tests.Figures.FigureRows;
using static Pipeline.Core.Tests.Report.ReportSamples;

namespace Pipeline.Core.Tests.Report;

public sealed class ReportCsvTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>RFC 4180 records: quoted cells may hold commas, quotes and line breaks.</summary>
    private static List<List<string>> Parse(byte[] content)
    {
        Assert.Equal(Bom, content[..3]);
        var text = Encoding.UTF8.GetString(content[3..]);
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', $"A bare line break at {i} outside quotes.");
                cell.Append(c);
            }
        }

        Assert.Empty(record);
        Assert.Equal(0, cell.Length);
        return records;
    }

    [Fact]
    public void Csv_files_are_utf8_with_a_bom_crlf_lines_and_a_chinese_and_english_header()
    {
        var files = Render();

        var streets = Parse(files.File("reports/2020-12/streets.csv").Content);
        var communities = Parse(files.File("reports/2020-12/communities.csv").Content);

        Assert.Equal(["排名 rank", "街道代码 street_code", "街道 street", "综合得分 score"], streets[0].Take(4));
        Assert.Equal(["街道代码 street_code", "街道 street", "社区代码 community_code", "社区 community"], communities[0].Take(4));
        Assert.All(streets, r => Assert.Equal(streets[0].Count, r.Count));
        Assert.All(communities, r => Assert.Equal(communities[0].Count, r.Count));
        Assert.Equal(1 + 22 + 1, streets.Count);
        Assert.Equal(1 + 1 + 7 + 2, communities.Count);
        Assert.DoesNotContain("\n", Encoding.UTF8.GetString(files.File("reports/2020-12/streets.csv").Content).Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_neutralised_and_quotes_and_commas_quoted()
    {
        var content = Render().File("reports/2020-12/communities.csv").Content;
        var text = Encoding.UTF8.GetString(content);

        var names = Parse(content).Skip(1).Where(r => r[0] == Xingfeng).Select(r => r[3]).ToHashSet();

        Assert.Equal(FormulaCommunities.Select(n => n[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + n : n).ToHashSet(), names);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",'+1,", text, StringComparison.Ordinal);
        Assert.Contains(",'-1+2,", text, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1),", text, StringComparison.Ordinal);
        Assert.Contains(",'\tTab社区,", text, StringComparison.Ordinal);
        Assert.Contains(",\"'\rCR社区\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"甲,乙 \"\"丙\"\"\",", text, StringComparison.Ordinal);
        Assert.All(Parse(content).SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', cell));
    }

    [Fact]
    public void Service_modes_in_the_community_file_are_neutralised_too()
    {
        var rows = Parse(Render().File("reports/2020-12/communities.csv").Content);

        var script = rows.Single(r => r[3] == ScriptCommunity);

        Assert.Equal("<img src=x onerror=alert(1)>:1;无:1", script[^1]);
    }

    [Fact]
    public void Rates_are_unrounded_fractions_beside_their_counts_and_empty_when_there_is_none()
    {
        var (summary, _) = Build();
        var streets = Parse(Render().File("reports/2020-12/streets.csv").Content);
        var header = streets[0];
        int Column(string name) => header.IndexOf(header.Single(h => h.EndsWith(" " + name, StringComparison.Ordinal)));

        var qingyuan = streets.Single(r => r[1] == Qingyuan);
        var linxiaolu = streets.Single(r => r[1] == Linxiaolu);
        var district = streets[^1];

        Assert.Equal(["1", "清源街道"], new[] { qingyuan[0], qingyuan[2] });
        Assert.Equal((106.0 / 108).ToString("R", System.Globalization.CultureInfo.InvariantCulture), qingyuan[Column("response_rate")]);
        Assert.Equal("0.75", qingyuan[Column("property_service_rate")]);
        Assert.Equal(("108", "106"), (qingyuan[Column("valid_visits")], qingyuan[Column("contacted")]));
        Assert.Equal("propertyServiceRate;ownerOrganizationRate;partyOrganizationRate", qingyuan[Column("alerts")]);
        Assert.Equal(("", "", "", "5", "0"), (linxiaolu[0], linxiaolu[Column("score")], linxiaolu[Column("response_rate")],
            linxiaolu[Column("received")], linxiaolu[Column("valid_visits")]));
        Assert.Equal(("", "110115", "大兴区"), (district[0], district[1], district[2]));
        Assert.Equal(summary.District.Appeals!.Received.ToString(System.Globalization.CultureInfo.InvariantCulture), district[Column("received")]);
        Assert.Equal(["1", "2"], streets.Skip(1).Take(2).Select(r => r[0]));
    }
}
