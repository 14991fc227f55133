using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Validation;
using static Pipeline.Core.Tests.Sheets;

namespace Pipeline.Core.Tests.Ingest;

/// <summary>The verdict on a file that one read accepted and a later read refused.</summary>
public sealed class UploadInspectionTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static readonly string?[] RosterHeader = ["街道", "社区", "小区名称", "是否有物业", "业主组织", "党组织覆盖"];

    [Fact]
    public void A_refusal_on_a_later_read_rejects_the_file_with_that_finding_and_keeps_what_it_was_found_to_be()
    {
        var sheet = Of("台账", [RosterHeader, Row("清源街道", "枣园社区", "枣园小区", "是", "业委会", "是")]);
        var accepted = UploadParser.Inspect([sheet], UploadSource.ForBlob("2020-12/清源.xlsx"), Daxing, IngestRules.Default);
        Assert.True(accepted.Accepted);

        var refused = accepted.RefusedOnReread(FileFindings.TooSlow("2020-12/清源.xlsx", TimeSpan.FromSeconds(10)));

        Assert.False(refused.Accepted);
        Assert.Equal(("CompoundRoster", 1), (refused.Form, refused.Rows));
        var finding = Assert.Single(refused.Findings);
        Assert.Equal((FileFindings.TooSlowCode, FindingSeverity.Error), (finding.Code, finding.Severity));
        var receipt = Receipt.From("2020-12/清源.xlsx", "hash", refused, DateTimeOffset.UnixEpoch);
        Assert.Equal((ReceiptStatus.Rejected, 1), (receipt.Status, receipt.Findings));
    }

    [Fact]
    public void A_refusal_is_an_error_whatever_severity_it_came_with_and_earlier_warnings_stay()
    {
        var warning = new Finding("x.xlsx", null, null, null, "plausibility.jump", "a jump") { Severity = FindingSeverity.Warning };
        var accepted = new UploadInspection("CompoundRoster", "台账", 3, [warning], []);

        var refused = accepted.RefusedOnReread(new Finding("x.xlsx", null, null, null, FileFindings.TooComplexCode, "too complex") { Severity = FindingSeverity.Warning });

        Assert.False(refused.Accepted);
        Assert.Equal([("plausibility.jump", FindingSeverity.Warning), (FileFindings.TooComplexCode, FindingSeverity.Error)], refused.Findings.Select(f => (f.Code, f.Severity)));
    }
}
