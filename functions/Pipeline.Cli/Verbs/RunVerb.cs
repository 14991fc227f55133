using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>run --input DIR --out DIR [--period P] [--strict]</c>: the whole pipeline on one machine. Every file of DIR
/// (sub-folders kept, so uploads/2020-12/… supplies the period) goes through the blob function's code path.
/// </summary>
public static class RunVerb
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static async Task<int> RunAsync(Invocation invocation, TextWriter stdout, CancellationToken cancellationToken)
    {
        var input = new DirectoryInfo(invocation.Input!);
        if (!input.Exists)
        {
            throw new CliEnvironmentException($"input folder '{input.FullName}' does not exist.");
        }

        var output = Directory.CreateDirectory(invocation.Out!);
        await using var local = await LocalServices.StartAsync(CliServices.Environment(), cancellationToken);
        foreach (var started in local.Started)
        {
            await stdout.WriteLineAsync($"started {started}");
        }

        await using var services = CliServices.Create(local.Configuration, invocation.Verbose);
        var receipts = new List<object>();
        var rejected = 0;
        foreach (var file in input.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => Relative(input, f), StringComparer.Ordinal))
        {
            var blobPath = Relative(input, file);
            var processed = await IngestVerb.UploadAndProcessAsync(services, file.FullName, blobPath, invocation.Period, cancellationToken);
            var outcome = processed.Ingest;
            var receipt = outcome.Receipt;
            await stdout.WriteLineAsync(IngestVerb.Describe(processed));
            if (receipt.Status == ReceiptStatus.Rejected)
            {
                rejected++;
                await WriteFindingsAsync(output, blobPath, outcome.Findings, stdout, cancellationToken);
            }

            receipts.Add(new
            {
                receipt.File, Kind = receipt.Kind?.ToString(), Status = receipt.Status.ToString().ToLowerInvariant(), receipt.Rows,
                receipt.Findings, receipt.Periods, receipt.Streets, receipt.ContentHash,
            });
        }

        await File.WriteAllTextAsync(Path.Combine(output.FullName, "ingest.json"), JsonSerializer.Serialize(receipts, Json), cancellationToken);
        await stdout.WriteLineAsync($"{receipts.Count} file(s): {receipts.Count - rejected} accepted, {rejected} rejected; receipts in {Path.Combine(output.FullName, "ingest.json")}");
        return invocation.Strict && rejected > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static async Task WriteFindingsAsync(DirectoryInfo output, string blobPath, IReadOnlyList<Finding> findings, TextWriter stdout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(output.FullName, "findings", blobPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync($"{path}.findings.csv", FindingsReport.ToCsv(findings), cancellationToken);
        await File.WriteAllBytesAsync($"{path}.findings.json", FindingsReport.ToJson(findings), cancellationToken);
        foreach (var finding in findings)
        {
            await stdout.WriteLineAsync($"  {ValidateVerb.Describe(finding)}");
        }
    }

    private static string Relative(DirectoryInfo root, FileInfo file) =>
        Path.GetRelativePath(root.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
}
