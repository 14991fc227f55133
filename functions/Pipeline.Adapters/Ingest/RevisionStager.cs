using System.Security.Cryptography;
using System.Threading.Channels;
using Azure.Data.Tables;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>What one read of the file staged: its verdict, and the rows written under a revision nobody reads yet.</summary>
public sealed record Staged(UploadInspection Inspection, string Revision, IReadOnlySet<SliceKey> Written, IReadOnlyDictionary<string, HashSet<UInt128>> TicketKeys);

/// <summary>Writes an upload's rows under new revisions that no reader sees until a switch names them.</summary>
public sealed class RevisionStager(SliceStore slices, IngestContext context, TimeProvider clock)
{
    /// <summary>
    /// One read of the file that both checks it and writes its clean rows under a new revision, so an accepted file
    /// (the common case) is parsed once and written as it is read. A bounded channel keeps memory flat.
    /// </summary>
    public async Task<Staged> StageAsync(Stream file, UploadSource source, string hash, CancellationToken cancellationToken)
    {
        var revision = NewRevision(hash);
        var written = new HashSet<SliceKey>();
        var ticketKeys = new Dictionary<string, HashSet<UInt128>>(StringComparer.Ordinal);
        var rows = Channel.CreateBounded<TableEntity>(new BoundedChannelOptions(4 * SliceStore.BatchSize * SliceStore.Parallelism) { SingleWriter = true, SingleReader = true });
        var writer = slices.WriteAsync(rows.Reader.ReadAllAsync(cancellationToken), cancellationToken);
        _ = writer.ContinueWith(t => rows.Writer.TryComplete(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        var reading = Task.Run(() => UploadReading.Inspect(file, source, context, record =>
        {
            var slice = new SliceKey(record.Kind, record.Period, record.StreetCode);
            written.Add(slice);
            var entity = RecordEntities.ToEntity(record, SliceStore.PartitionOf(slice, revision), source.File);
            if (record is TicketRecord)
            {
                Keys(ticketKeys, record.Period).Add(KeyDigest.Of(entity.RowKey));
            }

            if (!rows.Writer.TryWrite(entity))
            {
                rows.Writer.WriteAsync(entity, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }), cancellationToken);
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

        return new Staged(inspection, revision, written, ticketKeys);
    }

    /// <summary>Writes the file's records of <paramref name="period"/> again, under a new revision.</summary>
    public async Task<string> RestageAsync(Stream file, UploadSource source, string hash, string period, CancellationToken cancellationToken)
    {
        var revision = NewRevision(hash);
        await slices.WriteAsync(
            UploadReading.Records(file, source, context)
                .Where(r => r.Period == period)
                .Select(r => RecordEntities.ToEntity(r, SliceStore.PartitionOf(new SliceKey(r.Kind, r.Period, r.StreetCode), revision), source.File)),
            cancellationToken);
        return revision;
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

    private static HashSet<UInt128> Keys(Dictionary<string, HashSet<UInt128>> byPeriod, string period) =>
        byPeriod.TryGetValue(period, out var keys) ? keys : byPeriod[period] = [];
}
