using System.Text.Json;

namespace Pipeline.IntegrationTests.Cli;

/// <summary><c>pipeline validate --json</c> on a file, in a child process whose heap is limited to 1 GB, as the readers' budget promises.</summary>
public static class HeapLimitedValidate
{
    /// <summary>The finding codes the file ends in; fails the test unless the CLI exits with findings (1).</summary>
    public static async Task<IReadOnlyList<string?>> CodesAsync(byte[] content, string fileName)
    {
        var folder = Directory.CreateTempSubdirectory();
        var file = Path.Combine(folder.FullName, fileName);
        try
        {
            await File.WriteAllBytesAsync(file, content, TestContext.Current.CancellationToken);
            using var cli = CliProcess.Start(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" }, "validate", file, "--json");

            var (exit, output, error) = await cli.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(exit == 1, $"exit {exit}: {error}");
            using var json = JsonDocument.Parse(output);
            return [.. json.RootElement.EnumerateArray().Select(f => f.GetProperty("code").GetString()).Distinct()];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
