using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NPOI.HSSF.UserModel;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Sheets;
using Pipeline.Testing.Spreadsheets;
using Pipeline.Testing.Spreadsheets.Encryption;

namespace Pipeline.Fuzz;

/// <summary>
/// Writes the seed corpus: the first rows of each sample upload (a roster, a counts sheet, a ticket export, a damaged
/// CSV) in every format, through the test writers, plus the small third-party workbooks of the legacy reader tests.
/// Seeds stay a few KB: afl++ mutates small inputs far better than large ones.
/// </summary>
public static class Seeds
{
    /// <summary>Enough rows for header matching and value parsing to see data, few enough to keep the seed small.</summary>
    private const int RowsPerSheet = 6;

    public static void Write(string directory, string repository)
    {
        var samples = Directory.GetFiles(Path.Combine(repository, "samples", "2020-12"))
            .Order(StringComparer.Ordinal)
            .Select(path => (Name: Stem(path), Rows: FirstRows(path)))
            .ToList();
        var legacy = Path.Combine(repository, "tests", "Pipeline.IntegrationTests", "Spreadsheets", "Legacy");

        var xlsx = Target(directory, "xlsx");
        foreach (var (name, rows) in samples)
        {
            File.WriteAllBytes(Path.Combine(xlsx, $"{name}.xlsx"), Xlsx(rows));
        }

        var roster = samples.First(sample => sample.Name == "roster-qingyuan-from-xlsx").Rows;
        File.WriteAllBytes(Path.Combine(xlsx, "roster-inline-strings.xlsx"), Xlsx(roster, new XlsxWriterOptions { InlineStrings = true }));
        File.WriteAllBytes(Path.Combine(xlsx, "roster-1904-merged.xlsx"), Xlsx(roster, new XlsxWriterOptions { Date1904 = true }, merge: "A1:C1"));
        Copy(legacy, xlsx, "Test_MergedCell.xlsx", "Test_Encoding_Formula_Date_1520.xlsx");

        var xls = Target(directory, "xls");
        foreach (var (name, rows) in samples)
        {
            File.WriteAllBytes(Path.Combine(xls, $"{name}.xls"), Xls(rows));
        }

        Copy(legacy, xls, "Test10x10.xls", "TestUnicodeChars.xls");

        var csv = Target(directory, "csv");
        foreach (var path in Directory.GetFiles(Path.Combine(repository, "samples", "2020-12"), "*.csv"))
        {
            File.Copy(path, Path.Combine(csv, $"{Stem(path)}.csv"), overwrite: true);
        }

        var tickets = samples.First(sample => sample.Name == "tickets-from-xlsx").Rows;
        File.WriteAllBytes(Path.Combine(csv, "tickets-gb18030.csv"), CsvWriter.ToBytes(Texts(tickets), CsvWriter.Gb18030));
        File.WriteAllBytes(Path.Combine(csv, "roster-utf8-bom-tab.csv"), CsvWriter.ToBytes(Texts(roster), byteOrderMark: true, delimiter: '\t'));
        File.WriteAllBytes(Path.Combine(csv, "roster-utf16.csv"), CsvWriter.ToBytes(Texts(roster), Encoding.Unicode, byteOrderMark: true));
        // Rows naming units the fuzz registry ends or begins in 2021-01, in that month and the one before.
        File.WriteAllText(Path.Combine(csv, "roster-divisions-in-force.csv"), DivisionsRoster);
        File.WriteAllText(Path.Combine(csv, "tickets-ended-units.csv"), EndedUnitTickets);

        // Excel's default password ("write-protected" workbooks) opens; the low spin counts keep each run fast.
        var encrypted = Target(directory, "encrypted");
        var package = Xlsx(roster);
        File.WriteAllBytes(Path.Combine(encrypted, "standard-aes128.xlsx"), OfficeEncryptor.Standard(package, "VelvetSweatshop").ToBytes());
        File.WriteAllBytes(Path.Combine(encrypted, "agile-sha512-aes256.xlsx"),
            OfficeEncryptor.Agile(package, "VelvetSweatshop", new AgileOptions(HashAlgorithmName.SHA512, 256, SpinCount: 1000)).ToBytes());
        File.WriteAllBytes(Path.Combine(encrypted, "agile-sha1-aes128.xlsx"),
            OfficeEncryptor.Agile(Xlsx(tickets), "VelvetSweatshop", new AgileOptions(HashAlgorithmName.SHA1, 128, SpinCount: 1000)).ToBytes());
        // A real password: the reader must refuse it with a finding.
        Copy(legacy, encrypted, "agile_AES128_SHA1_CBC_pwd_password.xlsx");

        // The built-in catalog, whole, and a one-form catalog with every kind of expression the checker allows.
        var catalog = Target(directory, "catalog");
        File.Copy(Path.Combine(repository, "functions", "Pipeline.Core", "Forms", "Catalogs", "builtin.json"), Path.Combine(catalog, "builtin.json"), overwrite: true);
        File.WriteAllText(Path.Combine(catalog, "one-form.json"), OneForm);

        // The shipped registry, whole, and a small one with every field of divisions over time.
        var divisions = Target(directory, "divisions");
        File.Copy(Path.Combine(repository, "functions", "Pipeline.Core", "Divisions", "Registries", "110115.json"), Path.Combine(divisions, "110115.json"), overwrite: true);
        File.WriteAllText(Path.Combine(divisions, "over-time.json"), OverTime);
    }

    private const string OverTime = """
        {"district":{"code":"110115","name":"大兴区"},"version":"2021.1","serviceModes":["专业物业"],
         "streets":[{"code":"110115004000","name":"亦庄镇","kind":"town","until":"2019-12"},
                    {"code":"110115004000","name":"亦庄地区","kind":"area","aliases":["亦庄"],"from":"2020-01"},
                    {"code":"110115003000","name":"清源街道","until":"2022-06","successors":["110115014000"],"communities":[
                      {"code":"110115003200","name":"东村","kind":"village","until":"2020-12","successors":["110115003001"]},
                      {"code":"110115003201","name":"西村","kind":"village","until":"2020-12","successors":["110115003001"]},
                      {"code":"110115003001","name":"东西社区","aliases":["东西"],"from":"2021-01","until":"2022-06"}]},
                    {"code":"110115014000","name":"清源新街道","kind":"street","from":"2022-07"}],
         "groups":[{"code":"g","name":"试点","communities":["110115003001"]}]}
        """;

    private const string OneForm = """
        {"version":"2","effectiveFrom":"2021-01","forms":[{"code":"X1","title":{"zh":"试","en":"Trial"},"rowNoun":{"zh":"行","en":"row"},
         "columns":[{"key":"n","label":{"zh":"数","en":"N"},"aliases":[],"type":"count","required":true,"max":9},
                    {"key":"d","label":{"zh":"时","en":"At"},"aliases":[],"type":"date-time"},
                    {"key":"c","label":{"zh":"类","en":"Kind"},"aliases":[],"type":"choice","options":[{"value":"甲","aliases":["A"]}]},
                    {"key":"y","label":{"zh":"是","en":"Yes"},"aliases":[],"type":"yes-no"}],
         "keys":[["n"]],"signature":["n"],
         "checks":[{"code":"k","expression":"if(y, n >= 0, isblank(c)) and not (c in ('乙', '丙')) and near(abs(n - 1), round(ratio(n, 2), 1), 0.5) ? true : (n ?? 0) < 3","severity":"warning","message":{"zh":"{n} {n.label}","en":"{indicator:r}"}}],
         "measures":[{"code":"m","title":{"zh":"m","en":"m"},"expression":"sum(n, y)"},{"code":"b","title":{"zh":"b","en":"b"},"expression":"count()","by":"c ?? '无'"}]}],
         "indicators":[{"code":"r","title":{"zh":"率","en":"Rate"},"form":"X1","numerator":"m * 2 - 1","denominator":"m + -1","target":0.5}],
         "score":{"code":"s","title":{"zh":"分","en":"Score"},"scale":100,"weights":{"r":1}}}
        """;

    private static string Target(string directory, string target) => Directory.CreateDirectory(Path.Combine(directory, target)).FullName;

    /// <summary>ASCII names, so the corpus reads the same in any shell: which sample, and the format it came from.</summary>
    private static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        var sample = new[] { ("12345", "tickets"), ("诉求", "counts"), ("清源", "roster-qingyuan"), ("兴丰", "roster-xingfeng"), ("亦庄", "roster-yizhuang"), ("黄村", "roster-huangcun-damaged") }
            .First(known => name.Contains(known.Item1, StringComparison.Ordinal)).Item2;
        return $"{sample}-from-{Path.GetExtension(path).TrimStart('.')}";
    }

    private static void Copy(string from, string to, params string[] names)
    {
        foreach (var name in names)
        {
            File.Copy(Path.Combine(from, name), Path.Combine(to, name), overwrite: true);
        }
    }

    /// <summary>The first rows of the first sheet, read by the product's own reader, as typed values for the writers.</summary>
    private static List<object?[]> FirstRows(string path)
    {
        using var stream = File.OpenRead(path);
        var sheet = SpreadsheetReader.Read(stream, path, SpreadsheetLimits.Default).First();
        return [.. sheet.Rows.Take(RowsPerSheet).Select(row => row.Cells.Select(Value).ToArray())];
    }

    private static object? Value(Cell cell) => cell.Kind switch
    {
        CellKind.Empty => null,
        CellKind.Number => double.Parse(cell.Text, CultureInfo.InvariantCulture),
        CellKind.Date => DateTime.Parse(cell.Text, CultureInfo.InvariantCulture),
        CellKind.Boolean => cell.Text == "TRUE",
        _ => cell.Text,
    };

    private static IEnumerable<string?[]> Texts(IEnumerable<object?[]> rows) =>
        rows.Select(row => row.Select(value => value switch
        {
            null => null,
            DateTime at => at.ToString(at.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }).ToArray());

    private static byte[] Xlsx(IEnumerable<object?[]> rows, XlsxWriterOptions? options = null, string? merge = null)
    {
        using var stream = new MemoryStream();
        using (var writer = XlsxWriter.Create(stream, options))
        {
            writer.AddSheet("Sheet1");
            foreach (var row in rows)
            {
                writer.WriteRow(row);
            }

            if (merge is not null)
            {
                writer.Merge(merge);
            }
        }

        return stream.ToArray();
    }

    /// <summary>NPOI's HSSF writer: BIFF8 from an implementation independent of the reader.</summary>
    private static byte[] Xls(IEnumerable<object?[]> rows)
    {
        var workbook = new HSSFWorkbook();
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("yyyy-mm-dd hh:mm:ss");
        var sheet = workbook.CreateSheet("Sheet1");
        var number = 0;
        foreach (var values in rows)
        {
            var row = sheet.CreateRow(number++);
            for (var column = 0; column < values.Length; column++)
            {
                switch (values[column])
                {
                    case null:
                        break;
                    case DateTime at:
                        var cell = row.CreateCell(column);
                        cell.SetCellValue(at);
                        cell.CellStyle = dateStyle;
                        break;
                    case double value:
                        row.CreateCell(column).SetCellValue(value);
                        break;
                    case bool value:
                        row.CreateCell(column).SetCellValue(value);
                        break;
                    case var value:
                        row.CreateCell(column).SetCellValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }
        }

        using var stream = new MemoryStream();
        workbook.Write(stream);
        return stream.ToArray();
    }

    private const string DivisionsRoster =
        "填报周期,街道,社区,小区名称,户数,是否有物业,业主组织,党组织覆盖\r\n" +
        "2021-01,清源街道,东西社区,枣园小区,120,是,业委会,是\r\n" +
        "2021-01,清源街道,东村,兴华小区,80,否,无,否\r\n" +
        "2020-12,西红门地区,某社区,某小区,60,是,物管会,是\r\n" +
        "2021-01,西红门东街道,某社区,新小区,60,是,物管会,是\r\n" +
        "2020-12,西红门东街道,某社区,旧小区,60,是,物管会,是\r\n";

    private const string EndedUnitTickets =
        "工单编号,来电时间,街乡镇,社区,是否有效回访,是否联系,是否解决,是否满意\r\n" +
        "T1,2021-01-04 09:00,清源街道,西村,是,是,是,满意\r\n" +
        "T2,2020-12-28 09:00,清源街道,西村,是,是,否,不满意\r\n" +
        "T3,2021-01-05 10:00,西红门地区,某社区,是,是,是,满意\r\n";
}
