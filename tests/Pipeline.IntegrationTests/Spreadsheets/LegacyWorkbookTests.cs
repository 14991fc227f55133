using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using static Pipeline.IntegrationTests.Spreadsheets.SheetFiles;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>Legacy .xls read behind the project's guards, against workbooks of the ExcelDataReader test suite (Legacy/).</summary>
public sealed class LegacyWorkbookTests
{
    private static byte[] File(string name) => System.IO.File.ReadAllBytes(RepositoryPaths.Combine("tests", "Pipeline.IntegrationTests", "Spreadsheets", "Legacy", name));

    [Theory]
    [InlineData("Test10x10", 0)]
    [InlineData("TestUnicodeChars", 0)]
    [InlineData("Test_MergedCell", 0)]
    // Dates, times, formulas' cached values; row 6 is =TODAY(), cached as of the day each file was saved.
    [InlineData("Test_Encoding_Formula_Date_1520", 6)]
    public void An_xls_reads_as_its_xlsx_twin(string name, int rowSavedOnDifferentDays)
    {
        var xls = ReadAll(File($"{name}.xls"), $"{name}.xls");
        var xlsx = ReadAll(File($"{name}.xlsx"), $"{name}.xlsx");

        Assert.Equal(xlsx.Select(s => s.Name), xls.Select(s => s.Name));
        var skip = $"!{rowSavedOnDifferentDays}: ";
        Assert.Equal(Cells(xlsx).Where(c => !c.Contains(skip, StringComparison.Ordinal)), Cells(xls).Where(c => !c.Contains(skip, StringComparison.Ordinal)));
        Assert.NotEmpty(Cells(xls));
    }

    [Theory]
    [InlineData("Test_git_issue_466_biff3.xls")]
    [InlineData("Test_git_issue_224_simple_95.xls")]
    public void Excel_95_and_earlier_are_refused_with_how_to_save_them_again(string name)
    {
        var finding = Rejection(File(name), name);

        Assert.Equal(FileFindings.LegacyExcel(name), finding);
        Assert.Contains("Save As", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Test_git_issue_242_std_rc4_pwd_password.xls")]
    [InlineData("agile_AES128_SHA1_CBC_pwd_password.xlsx")]
    public void A_workbook_with_a_real_password_is_refused_as_encrypted(string name) =>
        Assert.Equal(FileFindings.Encrypted(name), Rejection(File(name), name));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_damaged_xls_is_a_finding_never_an_exception(double keep)
    {
        var whole = File("Test10x10.xls");
        var cut = whole[..(int)(whole.Length * keep)];

        Assert.Equal("file.corrupt", Rejection(cut, "坏.xls").Code);
    }

    [Fact]
    public void An_xls_is_held_to_the_row_limit()
    {
        var finding = Rejection(File("Test10x10.xls"), "多.xls", SpreadsheetLimits.Default with { MaxRows = 3 });

        Assert.Equal("file.too-many-rows", finding.Code);
    }

    [Fact]
    public void A_wps_et_that_is_an_ole_workbook_is_read_and_any_other_is_told_how_to_save_it()
    {
        Assert.Equal(Cells(ReadAll(File("Test10x10.xls"), "a.xls")), Cells(ReadAll(File("Test10x10.xls"), "表格.et")));
        Assert.Equal(FileFindings.WpsSheet("表格.et"), Rejection("not a workbook"u8.ToArray(), "表格.et"));
    }
}
