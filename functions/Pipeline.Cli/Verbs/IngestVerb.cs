using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Cli.Verbs;

/// <summary><c>ingest FILE... [--period P] [--json]</c>: upload files and process them exactly as the blob function does.</summary>
public static class IngestVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, ProgressLine progress, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var storage = services.GetRequiredService<PipelineStorage>();
        var verdicts = new List<object>();
        foreach (var (index, path) in invocation.Files.Index())
        {
            var blobPath = invocation.Period is null ? Path.GetFileName(path) : $"{invocation.Period}/{Path.GetFileName(path)}";
            progress.Report("ingest", "file", index + 1, invocation.Files.Count);
            var processed = await UploadAndProcessAsync(services, path, blobPath, invocation.Period, cancellationToken,
                progress.RowsOf("ingest", index + 1, invocation.Files.Count));
            progress.Clear();
            if (invocation.Json)
            {
                verdicts.Add(ToJson(processed, storage));
                continue;
            }

            await stdout.WriteLineAsync(Describe(processed));
            await WriteRejectionAsync(processed, storage, stdout);
        }

        if (invocation.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(verdicts, ReadableJson.Options));
        }

        return ExitCodes.Success;
    }

    /// <summary>Uploads a local file to the uploads container and ingests it through the function's code path.</summary>
    public static async Task<ProcessedUpload> UploadAndProcessAsync(
        IServiceProvider services, string path, string blobPath, string? period, CancellationToken cancellationToken, IProgress<int>? rowsRead = null)
    {
        if (!File.Exists(path))
        {
            throw new CliEnvironmentException($"file '{path}' does not exist.");
        }

        var storage = services.GetRequiredService<PipelineStorage>();
        await storage.EnsureCreatedAsync();
        await using (var content = File.OpenRead(path))
        {
            await services.GetRequiredService<OrderedUploads>().UploadAsync(storage.Uploads.GetBlobClient(blobPath), content, cancellationToken);
        }

        return await services.GetRequiredService<UploadProcessing>().ProcessAsync(blobPath, period, cancellationToken: cancellationToken, rowsRead: rowsRead);
    }

    /// <summary>How many of a rejected file's findings its verdict lists: the whole report is a path away.</summary>
    private const int ShownFindings = 5;

    /// <summary>Under a rejected file's verdict: its first findings, how many more, and where the whole report is.</summary>
    public static async Task WriteRejectionAsync(ProcessedUpload processed, PipelineStorage storage, TextWriter stdout)
    {
        var outcome = processed.Ingest;
        if (outcome.Receipt.Status != ReceiptStatus.Rejected)
        {
            return;
        }

        foreach (var finding in outcome.Findings.Take(ShownFindings))
        {
            await stdout.WriteLineAsync($"  {ValidateVerb.Describe(finding)}");
        }

        if (outcome.Findings.Count > ShownFindings)
        {
            await stdout.WriteLineAsync($"  … and {outcome.Findings.Count - ShownFindings} more");
        }

        await stdout.WriteLineAsync($"  findings report: {storage.Results.Name}/{outcome.Receipt.File}.findings.csv (and .findings.json)");
    }

    /// <summary>A file's verdict for <c>--json</c>: every finding, and the findings report of a rejected file.</summary>
    private static object ToJson(ProcessedUpload processed, PipelineStorage storage)
    {
        var receipt = processed.Ingest.Receipt;
        return new
        {
            receipt.File,
            Status = receipt.Status.ToString().ToLowerInvariant(),
            Kind = receipt.Form,
            receipt.Rows,
            receipt.Periods,
            Repeated = processed.Ingest.Repeated,
            Findings = processed.Ingest.Findings.Select(ValidateVerb.ToJson),
            FindingsReport = receipt.Status == ReceiptStatus.Rejected ? $"{storage.Results.Name}/{receipt.File}.findings.csv" : null,
        };
    }

    public static string Describe(ProcessedUpload processed)
    {
        var outcome = processed.Ingest;
        var receipt = outcome.Receipt;
        var verdict = receipt.Status switch
        {
            ReceiptStatus.Accepted => $"accepted {receipt.Rows} row(s) of {receipt.Form} for {string.Join(", ", receipt.Periods)}",
            ReceiptStatus.Superseded => $"superseded: a later upload already stated all of it ({By(receipt)})",
            _ => $"rejected with {receipt.Findings} finding(s)",
        };
        if (receipt.Warnings > 0)
        {
            verdict += $", {receipt.Warnings} warning(s) to check: " + string.Join("; ", outcome.Findings
                .Where(f => f.Severity == Core.Validation.FindingSeverity.Warning).Select(ValidateVerb.Describe));
        }

        if (receipt.Status == ReceiptStatus.Accepted && receipt.Superseded.Count > 0)
        {
            verdict += $"; superseded in part by later uploads ({By(receipt)})";
        }

        var revisions = string.Concat(processed.Periods.Select(p => $"; figures of {p.Period} at revision {p.Revision}"));
        return $"{receipt.File}: {verdict}{(outcome.Repeated ? " (this upload was processed before; nothing changed)" : "")}{revisions}";
    }

    private static string By(Receipt receipt) =>
        string.Join("; ", receipt.Superseded.GroupBy(s => s.By).Select(g =>
            $"{string.Join(", ", g.Select(s => s.Tickets > 0 ? $"{s.Tickets} ticket(s) of {s.Slice}" : s.Slice.ToString()))} by {g.Key}"));
}
