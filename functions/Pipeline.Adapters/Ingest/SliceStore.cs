using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// Rows of slices in Table storage. A slice's rows live in one partition per revision,
/// "{kind}|{period}|{street}|{revision}", so a new revision is written beside the current one with batched
/// transactions in parallel, and becomes current only when the period's manifest is switched.
/// </summary>
public sealed class SliceStore(PipelineStorage storage)
{
    /// <summary>Entities per transaction: the service's limit.</summary>
    public const int BatchSize = 100;

    /// <summary>Transactions in flight at once; partitions differ, so they do not contend.</summary>
    public const int Parallelism = 8;

    public static string PartitionOf(SliceKey slice, string revision) =>
        $"{slice.Kind}|{slice.Period}|{slice.StreetCode}|{revision}";

    public async Task<SliceManifest> ReadManifestAsync(string period, CancellationToken cancellationToken)
    {
        var entity = await storage.Manifests.GetEntityIfExistsAsync<TableEntity>(SliceManifest.PartitionKey, period, cancellationToken: cancellationToken);
        return entity.HasValue ? SliceManifest.FromEntity(entity.Value!) : SliceManifest.Empty(period);
    }

    /// <summary>Every period that has data, in order.</summary>
    public async Task<IReadOnlyList<string>> PeriodsAsync(CancellationToken cancellationToken) =>
        [.. (await storage.Manifests.QueryAsync<TableEntity>(TableFilters.Partition(SliceManifest.PartitionKey), select: ["RowKey"], cancellationToken: cancellationToken)
            .Select(e => e.RowKey).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Switches slices to new revisions in one conditional write. Null when the manifest changed since it was read
    /// (another file was applied meanwhile): the caller reads it again and decides.
    /// </summary>
    public async Task<SliceManifest?> TrySwitchAsync(SliceManifest read, IReadOnlyDictionary<SliceKey, string> switches, CancellationToken cancellationToken)
    {
        var next = read.With(switches);
        return await storage.Manifests.TryWriteAsync(next.ToEntity(), read.ETag, cancellationToken) is { } etag ? next with { ETag = etag } : null;
    }

    /// <summary>Writes entities into their partitions: transactions of up to 100, several partitions in flight.</summary>
    public Task WriteAsync(IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        WriteAsync(entities.ToAsyncEnumerable(), cancellationToken);

    /// <inheritdoc cref="WriteAsync(IEnumerable{TableEntity}, CancellationToken)"/>
    public async Task WriteAsync(IAsyncEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        var inFlight = new List<Task>();
        await foreach (var entity in entities.WithCancellation(cancellationToken))
        {
            if (!pending.TryGetValue(entity.PartitionKey, out var batch))
            {
                pending[entity.PartitionKey] = batch = new List<TableTransactionAction>(BatchSize);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            if (batch.Count == BatchSize)
            {
                pending.Remove(entity.PartitionKey);
                await SubmitAsync(batch, inFlight, cancellationToken);
            }
        }

        foreach (var batch in pending.Values)
        {
            await SubmitAsync(batch, inFlight, cancellationToken);
        }

        await Task.WhenAll(inFlight);
    }

    public IAsyncEnumerable<TableEntity> ReadAsync(SliceKey slice, string revision, CancellationToken cancellationToken, IEnumerable<string>? select = null) =>
        storage.Rows.QueryAsync<TableEntity>(TableFilters.Partition(PartitionOf(slice, revision)), maxPerPage: 1000, select, cancellationToken);

    /// <summary>
    /// The current rows of a slice, read consistently: the manifest is read again afterwards, and if the slice was
    /// switched meanwhile (its old revision may be half deleted) the read starts over on the new revision.
    /// </summary>
    public async Task<IReadOnlyList<TableEntity>> ReadCurrentAsync(SliceKey slice, CancellationToken cancellationToken)
    {
        while (true)
        {
            var revision = (await ReadManifestAsync(slice.Period, cancellationToken)).RevisionOf(slice);
            if (revision is null)
            {
                return [];
            }

            var rows = await ReadAsync(slice, revision, cancellationToken).ToListAsync(cancellationToken);
            if ((await ReadManifestAsync(slice.Period, cancellationToken)).RevisionOf(slice) == revision)
            {
                return rows;
            }
        }
    }

    /// <summary>Removes a revision's rows (a replaced one, or one whose file was not applied).</summary>
    public async Task DeleteAsync(SliceKey slice, string revision, CancellationToken cancellationToken)
    {
        var keys = ReadAsync(slice, revision, cancellationToken, ["PartitionKey", "RowKey"])
            .Select(e => new TableEntity(e.PartitionKey, e.RowKey) { ETag = ETag.All });
        var batch = new List<TableTransactionAction>(BatchSize);
        var inFlight = new List<Task>();
        await foreach (var entity in keys)
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All));
            if (batch.Count == BatchSize)
            {
                await SubmitAsync(batch, inFlight, cancellationToken);
                batch = new List<TableTransactionAction>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            await SubmitAsync(batch, inFlight, cancellationToken);
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SubmitAsync(List<TableTransactionAction> batch, List<Task> inFlight, CancellationToken cancellationToken)
    {
        if (inFlight.Count >= Parallelism)
        {
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            await done;
        }

        inFlight.Add(storage.Rows.SubmitTransactionAsync(batch, cancellationToken));
    }
}
