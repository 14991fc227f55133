using System.Diagnostics;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which this project restores as a
/// PackageDownload: a single-file executable that builds and lints local modules without any network.
/// </summary>
public static class BicepCli
{
    public const string PackageId = "azure.bicep.commandline.linux-x64";
    public const string Version = "0.49.2";

    /// <summary>A build or lint takes seconds; past this the process is killed and the test fails instead of hanging.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public sealed record Result(string Command, int ExitCode, string Output, string Error)
    {
        /// <summary>Every line the CLI printed: a clean build or lint prints nothing.</summary>
        public IReadOnlyList<string> Lines =>
            $"{Output}\n{Error}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"bicep {Command} (exit {ExitCode}):\n{string.Join('\n', Lines)}";
    }

    /// <summary>The executable in the NuGet packages folder (NUGET_PACKAGES, else ~/.nuget/packages), made executable.</summary>
    public static string Locate()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, PackageId, Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No Bicep CLI at {path}: restore tests/Pipeline.IntegrationTests, whose PackageDownload brings {PackageId} {Version}.", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Locate())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Bicep CLI did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds:0} s.");
        }

        return new(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }
}
