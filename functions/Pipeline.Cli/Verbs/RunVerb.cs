using Microsoft.Extensions.Configuration;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Core;
using Pipeline.Adapters.Closing;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;
using Pipeline.Core.Publish;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>run --input DIR --out DIR [--period P] [--strict] [--close P] [--subscription NAME]</c>: the whole pipeline over
/// a folder, against the configured services. Every file of DIR (sub-folders kept, so uploads/2020-12/… supplies the
/// period) goes through the blob function's code path; with <c>--close</c> the period is then closed as its next
/// official version; with <c>--subscription</c> the summaries that subscription received are printed (and removed).
/// </summary>
public static class RunVerb
{
    private static readonly JsonSerializerOptions Json = ReadableJson.Options;

    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, ProgressLine progress, CancellationToken cancellationToken)
    {
        var input = new DirectoryInfo(invocation.Input!);
        if (!input.Exists)
        {
            throw new CliEnvironmentException($"input folder '{input.FullName}' does not exist.");
        }

        CliServices.RequireStorage(settings);
        var output = Directory.CreateDirectory(invocation.Out!);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var receipts = new List<object>();
        var rejected = 0;
        var files = input.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => Relative(input, f), StringComparer.Ordinal).ToList();
        foreach (var (index, file) in files.Index())
        {
            var blobPath = Relative(input, file);
            progress.Report("run", "file", index + 1, files.Count);
            var processed = await IngestVerb.UploadAndProcessAsync(services, file.FullName, blobPath, invocation.Period, cancellationToken,
                progress.RowsOf("run", index + 1, files.Count));
            progress.Clear();
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
                receipt.File, Kind = receipt.Form, Status = receipt.Status.ToString().ToLowerInvariant(), receipt.Rows,
                receipt.Findings, receipt.Periods, receipt.Streets, receipt.ContentHash,
            });
        }

        await File.WriteAllTextAsync(Path.Combine(output.FullName, "ingest.json"), JsonSerializer.Serialize(receipts, Json), cancellationToken);
        await stdout.WriteLineAsync($"{receipts.Count} file(s): {receipts.Count - rejected} accepted, {rejected} rejected; receipts in {Path.Combine(output.FullName, "ingest.json")}");
        if (invocation.ClosePeriod is { } close)
        {
            var closed = await services.GetRequiredService<PeriodCloser>().CloseAsync(close, "run --close", cancellationToken);
            await stdout.WriteLineAsync(CloseVerb.Describe("close", closed));
        }

        await ReportAsync(services, invocation.Subscription, output, stdout, cancellationToken);
        return invocation.Strict && rejected > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>The latest period's summary to OUT, what came back from Service Bus, and a table of the figures.</summary>
    /// <param name="subscription">A subscription of the summary topic to read this run's summaries back from, or null.</param>
    private static async Task ReportAsync(IServiceProvider services, string? subscription, DirectoryInfo output, TextWriter stdout, CancellationToken cancellationToken)
    {
        var periods = await services.GetRequiredService<SliceStore>().PeriodsAsync(cancellationToken);
        if (periods.Count == 0)
        {
            await stdout.WriteLineAsync("no accepted data: no summary");
            return;
        }

        var summary = await services.GetRequiredService<SummaryReader>().ReadAsync(periods[^1], SummaryDocument.Monthly, cancellationToken);
        var summaryPath = Path.Combine(output.FullName, "summary.json");
        await File.WriteAllBytesAsync(summaryPath, SummaryJson.Serialize(summary), cancellationToken);
        await stdout.WriteLineAsync($"summary of {summary.Period}: {summaryPath}");

        if (subscription is not null)
        {
            var topic = services.GetRequiredService<IOptions<PipelineOptions>>().Value.SummaryEntity;
            await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver(topic, subscription,
                new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
            while (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2), cancellationToken) is { } message)
            {
                await stdout.WriteLineAsync($"received {message.Subject} {message.MessageId}: {Describe(message.Body.ToArray())}");
            }
        }

        await stdout.WriteAsync(FiguresTable.Render(summary));
        var site = await DownloadSiteAsync(services.GetRequiredService<PipelineStorage>(), Path.Combine(output.FullName, "site"), cancellationToken);
        await stdout.WriteLineAsync($"report: {Path.Combine(site, "reports", summary.Period, "index.html")}");
        await stdout.WriteLineAsync($"submissions: {Path.Combine(site, "reports", summary.Period, Core.Report.StatusPage.Name)}");
    }

    /// <summary>A received summary's district figures in one line, whichever schema version it is.</summary>
    private static string Describe(byte[] body)
    {
        if (SummaryEnvelope.Read(body).Schema == FiguresSummary.SchemaName)
        {
            var figures = SummaryJson.DeserializeFigures(body);
            string Value(string code) => Percent(figures.District.Indicators.GetValueOrDefault(code)?.Value);
            return $"{figures.District.Name} (v3, catalog {figures.Catalog.Version}) 物业服务覆盖率 {Value(Indicators.PropertyServiceRate)}, " +
                $"解决率 {Value(Indicators.ResolutionRate)}, 满意率 {Value(Indicators.SatisfactionRate)}";
        }

        var document = SummaryJson.Deserialize(body);
        return $"{document.District.Name} 物业服务覆盖率 {Percent(document.District.Property?.PropertyServiceRate)}, " +
            $"解决率 {Percent(document.District.Appeals?.ResolutionRate)}, 满意率 {Percent(document.District.Appeals?.SatisfactionRate)}";
    }

    /// <summary>Copies the static-website container (reports and assets) into OUT, so the report opens from disk.</summary>
    public static async Task<string> DownloadSiteAsync(PipelineStorage storage, string folder, CancellationToken cancellationToken)
    {
        await foreach (var blob in storage.Web.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var path = Path.Combine(folder, blob.Name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await storage.Web.GetBlobClient(blob.Name).DownloadToAsync(path, cancellationToken);
        }

        return folder;
    }

    private static string Percent(double? rate) => rate?.ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

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
