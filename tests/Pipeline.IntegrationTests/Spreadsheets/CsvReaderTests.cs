using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
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
    [InlineData("name,dish\r\nAnne,Entrée\r\n")]
    [InlineData("dessert,chef\r\nCrème brûlée,Müller straße\r\n")]
    public void Text_in_another_encoding_is_refused_not_read_as_gb18030(string text)
    {
        // Latin-1 (and Windows-1252) text like this decodes as GB18030 without an error: "Entrée" would read as "Entr閑".
        var file = Encoding.Latin1.GetBytes(text);
        var strictGb18030 = (Encoding)CsvWriter.Gb18030.Clone();
        strictGb18030.DecoderFallback = DecoderFallback.ExceptionFallback;
        Assert.NotEqual(text, strictGb18030.GetString(file));

        var finding = Rejection(file, "latin.csv");
        Assert.Equal(FileFindings.UnknownEncoding("latin.csv"), finding);
        Assert.All(["UTF-8", "GBK/GB18030", "UTF-16"], name => Assert.Contains(name, finding.Message));
    }

    [Fact]
    public void Gbk_text_keeps_reading_with_a_few_rare_characters_of_names()
    {
        // 镕 and 堃 are GBK's additions to GB2312 (second byte below 0xA1), as Latin-1 text mis-read would be; a few among many hanzi are names.
        string?[][] rows = [.. Population, ["朝阳门街道", "王镕社区", "12"], ["建国门街道", "李堃社区", "30"]];
        var file = CsvWriter.ToBytes(rows, CsvWriter.Gb18030);

        Assert.Equal("李堃社区", Assert.Single(ReadAll(file, "人口.csv")).Row(5).Cells[1].Text);
    }

    [Fact]
    public void A_gb18030_four_byte_character_is_no_text_excel_wrote()
    {
        // U+20000 and the like exist only as GB18030 four-byte sequences; text of nothing else is not Chinese from Excel.
        var file = CsvWriter.ToBytes([["𠀀𠀁𠀂", "𠀃"]], CsvWriter.Gb18030);

        Assert.Equal(FileFindings.UnknownEncoding("four.csv"), Rejection(file, "four.csv"));
    }

    [Theory]
    [InlineData("\0", "U+0000 (NUL)")]
    [InlineData("\u0001", "U+0001")]
    public void A_control_character_in_utf8_text_is_named_with_its_row_and_column(string control, string named)
    {
        var file = Encoding.UTF8.GetBytes($"街道,人口\r\n朝阳门街道,300\r\n建国门街道,1{control}50\r\n");

        var finding = Rejection(file, "nul.csv");

        Assert.Equal(FileFindings.ControlCharacter("nul.csv", "nul.csv", 3, "B", control[0]), finding);
        Assert.Contains(named, finding.Message);
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
        // A trailing empty field shows nothing: rows hold what they show.
        Assert.Equal(["他说\"好\""], sheet.Row(3).Texts());
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
