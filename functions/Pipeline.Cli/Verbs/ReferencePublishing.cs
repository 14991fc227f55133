using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Storage;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>forms publish</c> and <c>divisions publish</c>: upload one file to the district office's folder of that
/// reference data and take it in as the function does; print its findings when refused (exit 1), else what it
/// applies to and the open periods republished with it.
/// </summary>
public static class ReferencePublishing
{
    public static async Task<int> PublishAsync(
        Invocation invocation, IConfiguration settings, TextWriter stdout, string folder, Func<Receipt, string> accepted, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var path = invocation.Files[0];
        var district = services.GetRequiredService<IngestContext>().Registry.DistrictCode;
        var processed = await IngestVerb.UploadAndProcessAsync(services, path, $"{district}/{folder}/{Path.GetFileName(path)}", null, cancellationToken);
        var receipt = processed.Ingest.Receipt;
        if (receipt.Status != ReceiptStatus.Accepted)
        {
            await stdout.WriteLineAsync(IngestVerb.Describe(processed));
            await IngestVerb.WriteRejectionAsync(processed, services.GetRequiredService<PipelineStorage>(), stdout);
            return ExitCodes.Findings;
        }

        await stdout.WriteLineAsync($"{receipt.File}: {accepted(receipt)}{(processed.Ingest.Repeated ? " (published before)" : "")}; " +
            $"{processed.Periods.Count} open period(s) republished with it{(processed.Periods.Count > 0 ? $": {string.Join(", ", processed.Periods.Select(p => p.Period))}" : "")}");
        return ExitCodes.Success;
    }
}
