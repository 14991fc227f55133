using Pipeline.IntegrationTests.Cli;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// Each crafted xlsx and csv, at the size that once cost gigabytes or minutes, ends in its finding in the CLI's
/// <c>validate</c> (the readers and checks the function uses) in a process whose heap is limited to 1 GB.
/// </summary>
public sealed class CraftedFileProcessTests
{
    public static TheoryData<string> Files => [.. CraftedFiles.All.Keys];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_crafted_file_ends_in_its_finding_in_the_cli_under_a_1_gb_heap(string name)
    {
        var (build, fileName, code) = CraftedFiles.All[name];

        var codes = await HeapLimitedValidate.CodesAsync(build(), fileName);

        Assert.True(codes.Contains(code), $"{code} not among {string.Join(", ", codes)}");
    }
}
