using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Submissions;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;
using Pipeline.Core.Summary;
using Pipeline.Core;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>status [--period P] [--json]</c>: who has reported for the period (by default the month now due), who is late,
/// and the period's current figures. Needs storage only.
/// </summary>
public static class StatusVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose, serviceBus: false);
        var period = invocation.Period ?? Periods.Previous(Periods.Of(services.GetRequiredService<TimeProvider>().GetUtcNow()));
        var ledger = await services.GetRequiredService<SubmissionsReader>().ReadAsync(period, cancellationToken);
        var summary = await services.GetRequiredService<SummaryReader>().ReadAsync(period, SummaryDocument.Monthly, cancellationToken);
        var status = StatusDocument.From(ledger);
        if (invocation.Json)
        {
            var json = JsonSerializer.SerializeToNode(status, ReadableJson.Options)!.AsObject();
            json["summary"] = summary.Revision > 0 ? JsonNode.Parse(SummaryJson.Serialize(summary)) : null;
            await stdout.WriteLineAsync(json.ToJsonString(ReadableJson.Options));
            return ExitCodes.Success;
        }

        var deadline = ledger.Deadline.ToOffset(TimeSpan.FromHours(8)).AddMinutes(-1);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{period}: 报送率 {ledger.SubmissionRate:0.0%} (submission rate), deadline {deadline:yyyy-MM-dd} 24:00 Beijing{(ledger.PastDeadline ? " (passed)" : "")}"));
        foreach (var entry in status.Submissions)
        {
            var file = entry.Accepted is { } accepted ? $"{accepted.File} ({Local(accepted.UploadedAt)})" : "";
            var refused = entry.Refused.Count > 0 ? $"; {entry.Refused.Count} refused" : "";
            var returned = entry.Returned is { } r ? $"; returned {Local(r.ReturnedAt)}: {r.Reason}" : "";
            await stdout.WriteLineAsync($"  {entry.StreetName,-8} {entry.ObligationLabel,-22} {entry.StatusLabel,-6} {file}{refused}{returned}");
        }

        foreach (var waiting in status.Waiting)
        {
            await stdout.WriteLineAsync($"waiting for a reopen: {waiting.File} ({string.Join("、", waiting.StreetNames)}, uploaded {Local(waiting.UploadedAt)}, after official version {waiting.AfterOfficialVersion})");
        }

        foreach (var dismissed in status.Dismissed)
        {
            await stdout.WriteLineAsync($"dismissed: {dismissed.File} ({string.Join("、", dismissed.StreetNames)}, uploaded {Local(dismissed.UploadedAt)}), {Local(dismissed.DismissedAt)}: {dismissed.Reason}");
        }

        await stdout.WriteLineAsync(status.Overdue.Count == 0 ? "nothing overdue" : $"{status.Overdue.Count} overdue: {string.Join(", ", status.Overdue.Select(o => $"{o.StreetName} {o.ObligationLabel}"))}");
        await stdout.WriteAsync(summary.Revision > 0 ? FiguresTable.Render(summary) : $"no figures for {period} yet{Environment.NewLine}");
        return ExitCodes.Success;
    }

    private static string Local(DateTimeOffset at) => Timestamps.Beijing(at);
}
