using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Pipeline.Core;
using Pipeline.Adapters.Ingest;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Cli.Verbs;

/// <summary><c>validate FILE... [--period P] [--json]</c>: what a clerk runs before uploading. Offline: no storage.</summary>
public static class ValidateVerb
{
    private static readonly JsonSerializerOptions Json = ReadableJson.Options;

    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout)
    {
        var context = CliSettings.IngestContext(settings).AsOf(TimeProvider.System.GetUtcNow());
        var findings = new List<Finding>();
        foreach (var path in invocation.Files)
        {
            var inspection = Inspect(path, invocation.Period, context);
            findings.AddRange(inspection.Findings);
            if (!invocation.Json)
            {
                await stdout.WriteLineAsync(Summary(path, inspection));
                foreach (var finding in inspection.Findings)
                {
                    await stdout.WriteLineAsync($"  {Describe(finding)}");
                }
            }
        }

        if (invocation.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(findings.Select(ToJson), Json));
        }

        return findings.Any(f => f.Severity == FindingSeverity.Error) ? ExitCodes.Findings : ExitCodes.Success;
    }

    public static UploadInspection Inspect(string path, string? period, IngestContext context)
    {
        if (!File.Exists(path))
        {
            throw new CliEnvironmentException($"file '{path}' does not exist.");
        }

        using var file = File.OpenRead(path);
        // The same precedence as an upload: the row's period, then a YYYY-MM folder of the path, then --period.
        var source = UploadSource.ForBlob(path, period) with { PeriodMayComeLater = period is null };
        return UploadReading.Inspect(file, source, context);
    }

    /// <summary>A finding as the CLI's JSON gives it: where, what, the message and its severity.</summary>
    public static object ToJson(Finding f) =>
        new { f.File, f.Sheet, f.Row, f.Column, f.Code, f.Message, Severity = f.Severity.ToString().ToLowerInvariant() };

    /// <summary>One line a clerk can act on: where, what, and the message.</summary>
    public static string Describe(Finding finding)
    {
        var where = string.Join(" ", new[]
        {
            finding.Sheet is null ? null : $"[{finding.Sheet}]",
            finding.Row is null ? null : $"第 {finding.Row} 行 (row {finding.Row})",
            finding.Column is null ? null : $"“{finding.Column}”",
        }.Where(part => part is not null));
        var severity = finding.Severity == FindingSeverity.Warning ? "warning " : "";
        return $"{severity}{finding.Code}: {(where.Length > 0 ? where + " — " : "")}{finding.Message}";
    }

    private static string Summary(string path, UploadInspection inspection) =>
        inspection.Accepted
            ? $"{path}: OK{Warnings(inspection)} — {inspection.Form}, {inspection.Rows} row(s), periods {Join(inspection.Periods)}, streets {Join(inspection.Streets)}"
            : $"{path}: {inspection.Findings.Count(f => f.Severity == FindingSeverity.Error)} finding(s)";

    private static string Warnings(UploadInspection inspection) =>
        inspection.Findings.Count(f => f.Severity == FindingSeverity.Warning) is > 0 and var n ? $" with {n} warning(s), which do not block the upload" : "";

    private static string Join(IEnumerable<string> values) => values.Any() ? string.Join(", ", values) : "—";
}
