using System.Diagnostics;

namespace Pipeline.IntegrationTests.Hosting;

/// <summary>What operators deploy and run — the functions app and the CLI — carries no test-support code.</summary>
public sealed class PublishedAppTests
{
    /// <summary>The test-support assembly (the local broker, the Azurite launcher) and the development-only local runner.</summary>
    private static readonly string[] TestOnly = ["Pipeline.Testing", "Pipeline.LocalRun", "pipeline-local"];

    [Theory]
    [InlineData("Pipeline.Cli", "pipeline.dll")]
    [InlineData("Pipeline.Functions", "Pipeline.Functions.dll")]
    public async Task A_published_app_contains_no_test_support_assembly(string project, string entryAssembly)
    {
        var folder = Directory.CreateTempSubdirectory($"publish-{project}-");
        try
        {
            var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "publish", RepositoryPaths.Combine("functions", project, $"{project}.csproj"), "-c", RepositoryPaths.Configuration,
                         "--no-build", "--nologo", "-v", "q", "-o", folder.FullName,
                     })
            {
                publish.ArgumentList.Add(arg);
            }

            using var process = Process.Start(publish)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"dotnet publish failed: {await output}{await error}");

            var files = folder.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.Name == entryAssembly);
            Assert.DoesNotContain(files, f => TestOnly.Any(t => f.Name.StartsWith(t + ".", StringComparison.OrdinalIgnoreCase)));
            foreach (var dependencies in files.Where(f => f.Name.EndsWith(".deps.json", StringComparison.Ordinal)))
            {
                var text = await File.ReadAllTextAsync(dependencies.FullName, TestContext.Current.CancellationToken);
                Assert.DoesNotContain(TestOnly, t => text.Contains($"\"{t}/", StringComparison.OrdinalIgnoreCase));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
