using System.Diagnostics;
using System.IO.Compression;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.IntegrationTests.Spreadsheets;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>The file the worker tests send over budget is refused by its deadline, not by any earlier check.</summary>
public sealed class BudgetBustingWorkbookTests
{
    [Fact]
    public void The_budget_busting_workbook_passes_the_package_checks_and_is_refused_only_when_its_deadline_fires()
    {
        var file = BudgetBustingWorkbook.Build();
        using (var zip = new ZipArchive(new MemoryStream(file)))
        {
            var sheet = zip.GetEntry(SheetFiles.WorksheetPart)!;
            // Under the zip-bomb check: parts of 1 MB or more may inflate at most 200 times.
            Assert.True((double)sheet.Length / sheet.CompressedLength < SpreadsheetLimits.Default.MaxCompressionRatio);
            TestContext.Current.TestOutputHelper?.WriteLine($"file {file.Length:N0} B, sheet {sheet.Length:N0} B inflated, ratio {(double)sheet.Length / sheet.CompressedLength:F1}");
        }

        var started = Stopwatch.GetTimestamp();
        var finding = SheetFiles.Rejection(file, "busting.xlsx");
        var elapsed = Stopwatch.GetElapsedTime(started);

        TestContext.Current.TestOutputHelper?.WriteLine($"refused with {finding.Code} after {elapsed.TotalSeconds:F1} s");
        Assert.Equal(FileFindings.TooSlowCode, finding.Code);
        Assert.True(elapsed >= SpreadsheetLimits.Default.ReadTime(file.Length), $"{elapsed}");
    }
}
