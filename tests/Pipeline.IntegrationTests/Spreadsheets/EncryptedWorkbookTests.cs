using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ExcelDataReader;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Adapters.Spreadsheets.Encryption;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Testing.Spreadsheets.Encryption;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>Encrypted xlsx: Excel's default password (write-protected workbooks) is read, any other refused; damage is a finding.</summary>
public sealed class EncryptedWorkbookTests
{
    private const string Default = EncryptedWorkbook.DefaultPassword;
    private const string Roster = "清源街道-小区物业台账.xlsx";
    private const string Counts = "诉求办理统计-林校路街道等.xlsx";
    private const string Tickets = "12345工单明细-2020年12月.xlsx";

    /// <summary>Few spins keep hostile cases quick; the readable files use Excel's 100,000.</summary>
    private static readonly AgileOptions QuickAgile = new(HashAlgorithmName.SHA512, 256, SpinCount: 1_000);

    public static TheoryData<string, string> SamplesAndSchemes => new()
    {
        { Roster, "standard-128" },
        { Roster, "agile-sha512-256" },
        { Counts, "standard-128" },
        { Counts, "agile-sha1-128" },
        { Tickets, "agile-sha512-256" },
        { Tickets, "standard-256" },
    };

    // ExcelDataReader reads the code page of a workbook's properties.
    static EncryptedWorkbookTests() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private static byte[] Sample(string name) => File.ReadAllBytes(RepositoryPaths.Combine("samples", "2020-12", name));

    private static EncryptedStreams Encrypt(byte[] package, string scheme, string password) => scheme switch
    {
        "standard-128" => OfficeEncryptor.Standard(package, password),
        "standard-192" => OfficeEncryptor.Standard(package, password, 192),
        "standard-256" => OfficeEncryptor.Standard(package, password, 256),
        "agile-sha512-256" => OfficeEncryptor.Agile(package, password, new(HashAlgorithmName.SHA512, 256)),
        "agile-sha1-128" => OfficeEncryptor.Agile(package, password, new(HashAlgorithmName.SHA1, 128)),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    [Theory]
    [MemberData(nameof(SamplesAndSchemes))]
    public void A_workbook_with_the_default_password_reads_as_its_original_and_is_accepted(string sample, string scheme)
    {
        var original = Sample(sample);
        var encrypted = Encrypt(original, scheme, Default).ToBytes();

        var read = ReadAll(encrypted, sample);

        Assert.Equal(Cells(ReadAll(original, sample)), Cells(read));
        Assert.NotEmpty(Cells(read));
        var plain = Inspect(ReadAll(original, sample), sample);
        var decrypted = Inspect(read, sample);
        Assert.True(plain.Accepted, string.Join("; ", plain.Findings));
        Assert.True(decrypted.Accepted, string.Join("; ", decrypted.Findings));
        Assert.Equal((plain.Form, plain.Rows), (decrypted.Form, decrypted.Rows));
        Assert.Equal(plain.Slices.Select(k => k.ToString()).Order(), decrypted.Slices.Select(k => k.ToString()).Order());
        Assert.NotEmpty(decrypted.Slices);
    }

    [Theory]
    [InlineData("standard-128")]
    [InlineData("standard-192")]
    [InlineData("agile-sha512-256")]
    [InlineData("agile-sha1-128")]
    public void A_workbook_with_any_other_password_stays_encrypted(string scheme)
    {
        var encrypted = Encrypt(Sample(Roster), scheme, "12345678").ToBytes();

        Assert.Equal(FileFindings.Encrypted("密.xlsx"), Rejection(encrypted, "密.xlsx"));
    }

    [Fact]
    public void An_agile_workbook_from_another_writer_decrypts_with_its_password_and_is_refused_without_it()
    {
        // From the ExcelDataReader suite (Legacy/), encrypted by Excel with the password "password".
        const string name = "agile_AES128_SHA1_CBC_pwd_password.xlsx";
        var file = File.ReadAllBytes(RepositoryPaths.Combine("tests", "Pipeline.IntegrationTests", "Spreadsheets", "Legacy", name));

        using var package = new MemoryStream();
        EncryptedWorkbook.Decrypt(new MemoryStream(file), new ReadBudget(name, file.Length, SpreadsheetLimits.Default, TimeProvider.System), "password").CopyTo(package);

        Assert.Equal(["Sheet1!1: Text:Password: password"], Cells(ReadAll(package.ToArray(), name)));
        Assert.Equal(FileFindings.Encrypted(name), Rejection(file, name));
    }

    [Theory]
    [InlineData(Roster, "standard-128")]
    [InlineData(Counts, "agile-sha512-256")]
    [InlineData(Tickets, "agile-sha1-128")]
    public void ExcelDataReader_reads_the_encrypted_test_files_as_their_originals(string sample, string scheme)
    {
        // An independent reader of compound files and of ECMA-376 encryption: the writer and encryptor are real.
        var original = Sample(sample);
        var encrypted = Encrypt(original, scheme, Default).ToBytes();

        var expected = ExcelDataReaderValues(original, password: null);
        Assert.Equal(expected, ExcelDataReaderValues(encrypted, Default));
        Assert.Contains(expected, row => row.Length > 0);
    }

    [Fact]
    public void A_sector_chain_with_a_cycle_is_damage()
    {
        var image = OfficeEncryptor.Standard(Sample(Counts), Default).ToCompoundFile();
        var start = image.StartSector("EncryptedPackage");

        AssertDamaged(image.SetFatEntry(start + 1, start).Bytes);
    }

    [Fact]
    public void A_sector_outside_the_file_is_damage()
    {
        var image = OfficeEncryptor.Standard(Sample(Counts), Default).ToCompoundFile();

        AssertDamaged(image.SetFatEntry(image.StartSector("EncryptedPackage"), 0x00FF_FFFF).Bytes);
    }

    [Theory]
    [InlineData("EncryptedPackage", 200_000UL)]
    [InlineData("EncryptedPackage", ulong.MaxValue)]
    [InlineData("EncryptionInfo", 3_000UL)]
    public void A_stream_larger_than_the_file_is_damage(string stream, ulong size)
    {
        var image = OfficeEncryptor.Standard(Sample(Counts), Default).ToCompoundFile();

        AssertDamaged(image.SetStreamSize(stream, size).Bytes);
    }

    [Fact]
    public void A_directory_chain_with_a_cycle_is_damage()
    {
        var image = OfficeEncryptor.Standard(Sample(Counts), Default).ToCompoundFile();
        // The writer puts the FAT first (one sector here), then the directory.
        AssertDamaged(image.SetFatEntry(1, 1).Bytes);
    }

    [Fact]
    public void An_absurd_spin_count_is_refused_before_hashing()
    {
        var file = OfficeEncryptor.Agile(Sample(Roster), Default, QuickAgile with
        {
            EditDescriptor = d => d.Replace("spinCount=\"1000\"", "spinCount=\"2000000000\"", StringComparison.Ordinal),
        }).ToBytes();

        AssertDamaged(file);
    }

    [Fact]
    public void A_truncated_encrypted_package_is_damage()
    {
        var streams = OfficeEncryptor.Agile(Sample(Tickets), Default, QuickAgile);

        AssertDamaged((streams with { EncryptedPackage = streams.EncryptedPackage[..(streams.EncryptedPackage.Length / 2)] }).ToBytes());
    }

    [Fact]
    public void An_encrypted_package_changed_after_encryption_fails_its_hmac()
    {
        var streams = OfficeEncryptor.Agile(Sample(Tickets), Default, QuickAgile);
        var changed = streams.EncryptedPackage.ToArray();
        changed[5000] ^= 0x01;

        AssertDamaged((streams with { EncryptedPackage = changed }).ToBytes());
    }

    [Fact]
    public void A_descriptor_with_a_dtd_is_damage()
    {
        var file = OfficeEncryptor.Agile(Sample(Roster), Default, QuickAgile with
        {
            EditDescriptor = d => d.Replace("?>", "?><!DOCTYPE encryption [<!ENTITY a \"aaaaaaaaaa\">]>", StringComparison.Ordinal),
        }).ToBytes();

        AssertDamaged(file);
    }

    [Fact]
    public void An_agile_cipher_other_than_aes_cbc_stays_encrypted()
    {
        var file = OfficeEncryptor.Agile(Sample(Roster), Default, QuickAgile with
        {
            EditDescriptor = d => d.Replace("ChainingModeCBC", "ChainingModeCFB", StringComparison.Ordinal),
        }).ToBytes();

        Assert.Equal(FileFindings.Encrypted("x.xlsx"), Rejection(file, "x.xlsx"));
    }

    private static void AssertDamaged(byte[] file)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(FileFindings.Corrupt("坏.xlsx"), Rejection(file, "坏.xlsx"));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 2_000);
    }

    private static UploadInspection Inspect(IReadOnlyList<ReadSheet> sheets, string sample) =>
        UploadParser.Inspect(sheets.Select(s => new Sheet(s.Name, s.Rows)), UploadSource.ForBlob($"2020-12/{sample}"), DivisionRegistry.Builtin("110115")!, IngestRules.Default);

    private static List<string[]> ExcelDataReaderValues(byte[] file, string? password)
    {
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(file), new ExcelReaderConfiguration { Password = password });
        var rows = new List<string[]>();
        do
        {
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "")]);
            }
        }
        while (reader.NextResult());

        return rows;
    }
}
