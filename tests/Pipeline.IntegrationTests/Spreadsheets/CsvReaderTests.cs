using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

public sealed class CsvReaderTests
{
    private static readonly string?[][] Population =
    [
        ["街道", "社区", "人口"],
        ["朝阳门街道", "竹竿社区", "300"],
        ["建国门街道", "西总布社区", "150"],
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_reads_with_or_without_a_byte_order_mark(bool byteOrderMark)
    {
        var sheet = Assert.Single(ReadAll(CsvWriter.ToBytes(Population, byteOrderMark: byteOrderMark), "人口.csv"));

        AssertPopulation(sheet);
    }

    [Fact]
    public void Gb18030_and_gbk_text_from_chinese_excel_reads()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        var file = CsvWriter.ToBytes(Population, gbk);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file));

        AssertPopulation(Assert.Single(ReadAll(file, "人口.csv")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_a_byte_order_mark_reads(bool bigEndian)
    {
        var file = CsvWriter.ToBytes(Population, new UnicodeEncoding(bigEndian, false), byteOrderMark: true);

        AssertPopulation(Assert.Single(ReadAll(file, "人口.txt")));
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_quotes_and_line_breaks_and_rows_count_records()
    {
        var file = Encoding.UTF8.GetBytes(
            "地址,备注\r\n" +
            "\"北京市,东城区\",\"第一行\r\n第二行\"\r\n" +
            "\"他说\"\"好\"\"\",\"\"\r\n" +
            "\r\n" +
            "a\"b,\"x\"y\n" +
            "最后一行,没有换行");

        var sheet = Assert.Single(ReadAll(file, "q.csv"));

        Assert.Equal([1, 2, 3, 4, 5, 6], sheet.Rows.Select(r => r.Number));
        Assert.Equal(["北京市,东城区", "第一行\r\n第二行"], sheet.Row(2).Texts());
        Assert.Equal(["他说\"好\"", ""], sheet.Row(3).Texts());
        Assert.True(sheet.Row(4).IsBlank);
        Assert.Equal(["a\"b", "xy"], sheet.Row(5).Texts());
        Assert.Equal(["最后一行", "没有换行"], sheet.Row(6).Texts());
        Assert.All(sheet.Rows.SelectMany(r => r.Cells), c => Assert.Contains(c.Kind, new[] { CellKind.Text, CellKind.Empty }));
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    [InlineData(',')]
    public void The_delimiter_is_the_most_frequent_one_on_the_first_line(char delimiter)
    {
        string?[][] rows = [["\n", "街道,社区", "人口;户数"], ["朝阳门", "1,2", "3;4"]];
        var file = Encoding.UTF8.GetBytes("\r\n" + Encoding.UTF8.GetString(CsvWriter.ToBytes(rows, delimiter: delimiter)));

        var sheet = Assert.Single(ReadAll(file, "d.csv"));

        Assert.True(sheet.Row(1).IsBlank);
        Assert.Equal(["\n", "街道,社区", "人口;户数"], sheet.Row(2).Texts());
        Assert.Equal(["朝阳门", "1,2", "3;4"], sheet.Row(3).Texts());
    }

    [Fact]
    public void Old_mac_line_ends_and_a_missing_final_line_end_read()
    {
        var sheet = Assert.Single(ReadAll(Encoding.UTF8.GetBytes("a,b\rc,d\r\re,f"), "mac.csv"));

        Assert.Equal([1, 2, 3, 4], sheet.Rows.Select(r => r.Number));
        Assert.Equal(["e", "f"], sheet.Row(4).Texts());
    }

    [Fact]
    public void The_sheet_is_named_after_the_file_without_its_folder()
    {
        Assert.Equal("人口.csv", Assert.Single(ReadAll(CsvWriter.ToBytes(Population), "uploads/2024/人口.csv")).Name);
        Assert.Equal("b.csv", Assert.Single(ReadAll(CsvWriter.ToBytes(Population), @"C:\a\b.csv")).Name);
    }

    private static void AssertPopulation(ReadSheet sheet)
    {
        Assert.Equal([1, 2, 3], sheet.Rows.Select(r => r.Number));
        Assert.Equal(Population[0], sheet.Row(1).Texts());
        Assert.Equal(Population[2], sheet.Row(3).Texts());
    }
}
