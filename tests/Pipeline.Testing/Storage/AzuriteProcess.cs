using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Testing.Storage;

/// <summary>
/// Azurite (Blob, Queue, Table) as a child process: in memory, on free ports of 127.0.0.1, so parallel runs never
/// collide and nothing is left on disk. Used by the tests and by the CLI's local mode; never deployed.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; it only ever listens on loopback.
    private const string Account = "devstoreaccount1";
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                     "--extentMemoryLimit", "4096",
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var ports = new Dictionary<string, int>();
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (ports.Count < 3)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"Azurite exited before it listened: {stderr}");
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value);
                }
            }
        }
        catch
        {
            Kill(process);
            throw;
        }

        // Keep draining stdout so Azurite never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var azurite = new AzuriteProcess(process, ports["Blob"], ports["Queue"], ports["Table"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(process);
        return azurite;
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>node_modules/.bin/azurite of the nearest folder up from here, or AZURITE_PATH.</summary>
    private static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("AZURITE_PATH");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            "Azurite is not installed: run 'npm ci' in the repository root, or set AZURITE_PATH.");
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
