using System.Security.Cryptography;
using System.Threading.Channels;
using Azure.Data.Tables;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Ingest;

/// <summary>One upload being ingested: its downloaded copy, where it came from, its identity and content hash, the rules.</summary>
public sealed record UploadFile(Stream Content, UploadSource Source, Upload Upload, string Hash, IngestContext Context);

/// <summary>
/// What one read of the file staged: its verdict, and the rows written under a revision nobody reads yet. For a
/// ticket export, per period, the street each ticket (by key digest) is filed under.
/// </summary>
public sealed record Staged(UploadInspection Inspection, string Revision, IReadOnlySet<SliceKey> Written, IReadOnlyDictionary<string, Dictionary<UInt128, string>> TicketStreets);

/// <summary>Writes an upload's rows under new revisions that no reader sees until a switch names them.</summary>
public sealed class RevisionStager(SliceStore slices, TimeProvider clock)
{
    /// <summary>
    /// One read of the file that both checks it and writes its clean rows under a new revision, so an accepted file
    /// (the common case) is parsed once and written as it is read. A bounded channel keeps memory flat.
    /// </summary>
    /// <param name="rowsRead">Told the count of clean rows read so far, every <see cref="ProgressEvery"/> rows (for an operator watching a long file).</param>
    public async Task<Staged> StageAsync(UploadFile file, CancellationToken cancellationToken, IProgress<int>? rowsRead = null)
    {
        var read = 0;
        var revision = NewRevision(file.Hash);
        var written = new HashSet<SliceKey>();
        var ticketStreets = new Dictionary<string, Dictionary<UInt128, string>>(StringComparer.Ordinal);
        var rows = Channel.CreateBounded<TableEntity>(new BoundedChannelOptions(4 * SliceStore.BatchSize * SliceStore.Parallelism) { SingleWriter = true, SingleReader = true });
        var writer = slices.WriteAsync(rows.Reader.ReadAllAsync(cancellationToken), cancellationToken);
        _ = writer.ContinueWith(t => rows.Writer.TryComplete(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        // The read is CPU work that may run to its deadline: on a thread of its own, not one of the pool's few threads
        // that every invocation's async steps (and the worker's gRPC traffic) need, so a slow file holds up no other.
        var reading = Task.Factory.StartNew(() => UploadReading.Inspect(file.Content, file.Source, file.Context, record =>
        {
            var slice = new SliceKey(record.Form, record.Period, record.StreetCode);
            written.Add(slice);
            if (++read % ProgressEvery == 0)
            {
                rowsRead?.Report(read);
            }

            var entity = RecordEntities.ToEntity(record, SliceStore.PartitionOf(slice, revision), file.Upload);
            if (file.Context.Catalog.MergesByKey(record.Form))
            {
                Streets(ticketStreets, record.Period)[KeyDigest.Of(entity.RowKey)] = record.StreetCode;
            }

            if (!rows.Writer.TryWrite(entity))
            {
                rows.Writer.WriteAsync(entity, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        UploadInspection inspection;
        try
        {
            try
            {
                inspection = await reading;
            }
            finally
            {
                rows.Writer.TryComplete();
            }

            await writer;
        }
        catch
        {
            // Surface the storage failure rather than the closed channel it caused; the staged rows are unreachable garbage.
            await IgnoreFailuresAsync(() => DeleteAsync(written, revision, CancellationToken.None));
            if (writer.IsFaulted)
            {
                await writer;
            }

            throw;
        }

        return new Staged(inspection, revision, written, ticketStreets);
    }

    public const int ProgressEvery = 1_000;

    /// <summary>
    /// Writes an accepted file's records again under a new revision (its merged copies went stale). This read has a
    /// budget of its own and may be refused (<see cref="SpreadsheetRejectedException"/>); then, as on any failure, what it
    /// wrote so far is deleted before the exception goes on.
    /// </summary>
    public async Task<Staged> RestageAsync(UploadFile file, Staged staged, CancellationToken cancellationToken)
    {
        var revision = NewRevision(file.Hash);
        var written = new HashSet<SliceKey>();
        try
        {
            await slices.WriteAsync(
                UploadReading.Records(file.Content, file.Source, file.Context).Select(r =>
                {
                    var slice = new SliceKey(r.Form, r.Period, r.StreetCode);
                    written.Add(slice);
                    return RecordEntities.ToEntity(r, SliceStore.PartitionOf(slice, revision), file.Upload);
                }),
                cancellationToken);
        }
        catch
        {
            await IgnoreFailuresAsync(() => DeleteAsync(written, revision, CancellationToken.None));
            throw;
        }

        return staged with { Revision = revision };
    }

    public Task DeleteAsync(IEnumerable<SliceKey> written, string revision, CancellationToken cancellationToken) =>
        Task.WhenAll(written.Select(slice => slices.DeleteAsync(slice, revision, cancellationToken)));

    private static async Task IgnoreFailuresAsync(Func<Task> cleanup)
    {
        try
        {
            await cleanup();
        }
        catch (Exception)
        {
            // Best effort: the caller is already failing for a better reason.
        }
    }

    private string NewRevision(string hash) =>
        $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{hash[..8]}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";

    private static Dictionary<UInt128, string> Streets(Dictionary<string, Dictionary<UInt128, string>> byPeriod, string period) =>
        byPeriod.TryGetValue(period, out var streets) ? streets : byPeriod[period] = [];
}
