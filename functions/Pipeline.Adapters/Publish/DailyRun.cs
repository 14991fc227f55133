using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Divisions;
using Pipeline.Core;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Publish;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.Submissions;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// The daily job: recompute the current and the previous period, publish their monthly summaries and report pages
/// (completing any run interrupted before it published) and their daily summaries, flush the outbox,
/// write yesterday's ingestion digest to <c>reports/daily/{date}.json</c> and <c>.html</c>, write the submission ledgers of the two periods
/// and send reminders for what is overdue, and sweep revisions interrupted runs left. Days are Beijing days. A run that
/// was missed (the app was down) is made up once, by the next run, not once per missed day.
/// </summary>
public sealed class DailyRun(
    FiguresRecompute figures, SummaryPublishing publishing, ReceiptStore receipts, RevisionSweep sweep, StatusWriter status, SubmissionsReader submissions, NoticePublisher notices,
    PipelineStorage storage, DivisionStore divisions, TimeProvider clock)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static readonly JsonSerializerOptions Json = ReadableJson.Options;

    public async Task<DailyResult> RunAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var now = clock.GetUtcNow().ToOffset(Beijing);
        var today = DateOnly.FromDateTime(now.DateTime);
        var current = Periods.Of(now);
        var states = new List<DistrictState>();
        foreach (var period in new[] { Periods.Previous(current), current })
        {
            states.AddRange(await figures.RecomputeAllAsync(period, cancellationToken));
        }

        // The monthly summaries and pages too: a summary already queued is not queued again, and the pages (trends of
        // later periods, the previous-period block) are written anew, so a run interrupted before publishing is completed.
        await publishing.PublishMonthlyAsync(states, cancellationToken);
        await publishing.PublishDailyAsync(states, today, cancellationToken);

        var day = today.AddDays(-1);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing);
        var dayReceipts = await receipts.BetweenAsync(from, from.AddDays(1), cancellationToken);
        // Files of any period name their streets: each by the name it has last in the registry in force.
        var history = (await divisions.VersionsAsync(cancellationToken)).Current;
        var digest = IngestionDigest.Build(day, dayReceipts, history.StreetName) with
        {
            Waiting = [.. (await submissions.WithWaitingCorrectionsAsync(cancellationToken)).Select(l => new PeriodCorrections(l.Period, l.Waiting))],
        };
        var path = $"reports/daily/{digest.Date}.json";
        await UploadAsync(path, JsonSerializer.SerializeToUtf8Bytes(digest, Json), ReportHeaders.Json, cancellationToken);
        await UploadAsync($"reports/daily/{digest.Date}.html", Encoding.UTF8.GetBytes(DailyPage.Render(digest, history.DistrictName)), ReportHeaders.Html, cancellationToken);
        // 催报: from the first run after a period's deadline, one reminder a day while anything is missing.
        var sent = new List<OverdueReminder>();
        foreach (var ledger in await status.WriteAsync([Periods.Previous(current), current], cancellationToken))
        {
            if (OverdueReminder.For(ledger, history.DistrictCode, history.DistrictName, today) is { } reminder
                && await notices.SendAsync(reminder.ToNotice(history.DistrictCode), cancellationToken))
            {
                sent.Add(reminder);
            }
        }

        var swept = await sweep.SweepAsync(cancellationToken);
        return new DailyResult(today, states, path, swept, sent);
    }

    private Task UploadAsync(string path, byte[] content, string contentType, CancellationToken cancellationToken) =>
        storage.Web.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "public, max-age=300" } }, cancellationToken);
}

/// <summary>What a daily run did: the day, the periods' states, the digest's path, what it swept, the reminders it sent.</summary>
public sealed record DailyResult(DateOnly Day, IReadOnlyList<DistrictState> Periods, string DigestPath, SweepResult Swept, IReadOnlyList<OverdueReminder> Reminders);
