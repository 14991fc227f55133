using System.Text.Json;
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
        var folder = Directory.CreateTempSubdirectory();
        var file = Path.Combine(folder.FullName, fileName);
        try
        {
            await File.WriteAllBytesAsync(file, build(), TestContext.Current.CancellationToken);
            using var cli = CliProcess.Start(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" }, "validate", file, "--json");

            var (exit, output, error) = await cli.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(exit == 1, $"exit {exit}: {error}");
            using var json = JsonDocument.Parse(output);
            var codes = json.RootElement.EnumerateArray().Select(f => f.GetProperty("code").GetString()).Distinct().ToList();
            Assert.True(codes.Contains(code), $"{code} not among {string.Join(", ", codes)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
