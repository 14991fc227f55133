using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Closing;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;

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
        $"{slice.Form}|{slice.Period}|{slice.StreetCode}|{revision}";

    public async Task<SliceManifest> ReadManifestAsync(string period, CancellationToken cancellationToken)
    {
        var entity = await storage.Manifests.GetEntityIfExistsAsync<TableEntity>(SliceManifest.PartitionKey, period, cancellationToken: cancellationToken);
        return entity.HasValue ? SliceManifest.FromEntity(entity.Value!) : SliceManifest.Empty(period);
    }

    /// <summary>Records a close or a reopen of the period, if its manifest is unchanged since it was read.</summary>
    public async Task<bool> TryWriteClosingAsync(SliceManifest read, PeriodClosing closing, CancellationToken cancellationToken) =>
        await storage.Manifests.TryWriteAsync((read with { Closing = closing }).ToEntity(), read.ETag, cancellationToken) is not null;

    /// <summary>Records a return or a dismissal by the district, if the period's manifest is unchanged since it was read.</summary>
    public async Task<bool> TryWriteReviewAsync(SliceManifest read, PeriodReview review, CancellationToken cancellationToken) =>
        await storage.Manifests.TryWriteAsync((read with { Review = review }).ToEntity(), read.ETag, cancellationToken) is not null;

    /// <summary>Every period that has data, in order.</summary>
    public async Task<IReadOnlyList<string>> PeriodsAsync(CancellationToken cancellationToken) =>
        [.. (await storage.Manifests.QueryAsync<TableEntity>(TableFilters.Partition(SliceManifest.PartitionKey), select: ["RowKey"], cancellationToken: cancellationToken)
            .Select(e => e.RowKey).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Switches slices of several periods to new revisions in one transaction: every period's manifest is written only
    /// if it is unchanged since it was read, all or none. False when another file was applied meanwhile.
    /// </summary>
    public Task<bool> TrySwitchAsync(IEnumerable<(SliceManifest Read, IReadOnlyDictionary<SliceKey, SliceEntry> Switches)> periods, CancellationToken cancellationToken) =>
        storage.Manifests.TrySubmitAsync(
            [.. periods.Select(p => ConditionalWrites.Action(p.Read.With(p.Switches).ToEntity(), p.Read.ETag))], cancellationToken);

    /// <summary>
    /// Every revision ever staged has a journal entry, written before its first row, and removed only once its rows
    /// are: a run killed mid-way leaves entries that <see cref="RevisionSweep"/> finds, never rows nobody can find.
    /// </summary>
    public const string JournalPartition = "staged";

    public Task RecordStagedAsync(string partitionKey, CancellationToken cancellationToken) =>
        storage.Manifests.UpsertEntityAsync(new TableEntity(JournalPartition, partitionKey), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The journal: every staged revision's partition whose rows may still exist, with when it was staged.</summary>
    public IAsyncEnumerable<(string Partition, DateTimeOffset StagedAt)> JournalAsync(CancellationToken cancellationToken) =>
        storage.Manifests.QueryAsync<TableEntity>(TableFilters.Partition(JournalPartition), select: ["RowKey", "Timestamp"], cancellationToken: cancellationToken)
            .Select(e => (e.RowKey, e.Timestamp ?? DateTimeOffset.MinValue));

    /// <summary>Every period's manifest.</summary>
    public async Task<IReadOnlyList<SliceManifest>> ReadManifestsAsync(CancellationToken cancellationToken) =>
        await storage.Manifests.QueryAsync<TableEntity>(TableFilters.Partition(SliceManifest.PartitionKey), cancellationToken: cancellationToken)
            .Select(SliceManifest.FromEntity).ToListAsync(cancellationToken);

    /// <summary>Writes entities into their partitions: transactions of up to 100, several partitions in flight.</summary>
    public Task WriteAsync(IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        WriteAsync(entities.ToAsyncEnumerable(), cancellationToken);

    /// <inheritdoc cref="WriteAsync(IEnumerable{TableEntity}, CancellationToken)"/>
    /// <remarks>
    /// When the entities stop with an error (a read refused by its budget half-way), the transactions already sent are
    /// waited for before the error goes on: a caller that then deletes what was written deletes all of it, and no
    /// batch lands after the clean-up as rows nobody can find.
    /// </remarks>
    public async Task WriteAsync(IAsyncEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        var journaled = new HashSet<string>(StringComparer.Ordinal);
        var inFlight = new List<Task>();
        try
        {
            await foreach (var entity in entities.WithCancellation(cancellationToken))
            {
                if (!pending.TryGetValue(entity.PartitionKey, out var batch))
                {
                    if (journaled.Add(entity.PartitionKey))
                    {
                        await RecordStagedAsync(entity.PartitionKey, cancellationToken);
                    }

                    pending[entity.PartitionKey] = batch = new List<TableTransactionAction>(BatchSize);
                }

                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                if (batch.Count == BatchSize)
                {
                    pending.Remove(entity.PartitionKey);
                    await SubmitAsync(batch, inFlight, cancellationToken);
                }
            }
        }
        catch
        {
            await SettleAsync(inFlight);
            throw;
        }

        foreach (var batch in pending.Values)
        {
            await SubmitAsync(batch, inFlight, cancellationToken);
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Waits for every transaction sent, whatever each ends with: the error that stopped the writing matters more.</summary>
    private static async Task SettleAsync(List<Task> inFlight)
    {
        try
        {
            await Task.WhenAll(inFlight);
        }
        catch (Exception)
        {
            // Each failure is the caller's to clean up after, with the error it is already handling.
        }
    }

    public IAsyncEnumerable<TableEntity> ReadAsync(SliceKey slice, string revision, CancellationToken cancellationToken, IEnumerable<string>? select = null) =>
        storage.Rows.QueryAsync<TableEntity>(TableFilters.Partition(PartitionOf(slice, revision)), maxPerPage: 1000, select, cancellationToken);

    /// <summary>The current rows of one slice, read consistently.</summary>
    public async Task<IReadOnlyList<TableEntity>> ReadCurrentAsync(SliceKey slice, CancellationToken cancellationToken) =>
        (await ReadCurrentAsync([slice], cancellationToken)).Rows[slice];

    /// <summary>
    /// The current rows of slices of one period, read consistently: the manifest is read again afterwards, and if a
    /// slice was switched meanwhile (its old revision may be half deleted) the read starts over on the new revisions.
    /// </summary>
    public async Task<(IReadOnlyDictionary<SliceKey, IReadOnlyList<TableEntity>> Rows, SliceManifest Manifest)> ReadCurrentAsync(
        IReadOnlyList<SliceKey> keys, CancellationToken cancellationToken)
    {
        var period = keys.Select(k => k.Period).Distinct().Single();
        var manifest = await ReadManifestAsync(period, cancellationToken);
        while (true)
        {
            var revisions = keys.ToDictionary(k => k, manifest.RevisionOf);
            var rows = await Task.WhenAll(keys.Select(async k => revisions[k] is { } revision
                ? (IReadOnlyList<TableEntity>)await ReadAsync(k, revision, cancellationToken).ToListAsync(cancellationToken)
                : []));
            manifest = await ReadManifestAsync(period, cancellationToken);
            if (keys.All(k => manifest.RevisionOf(k) == revisions[k]))
            {
                return (keys.Zip(rows).ToDictionary(p => p.First, p => p.Second), manifest);
            }
        }
    }

    /// <summary>Removes a revision's rows (a replaced one, or one whose file was not applied), then its journal entry.</summary>
    public Task<int> DeleteAsync(SliceKey slice, string revision, CancellationToken cancellationToken) =>
        DeletePartitionAsync(PartitionOf(slice, revision), cancellationToken);

    /// <summary>Removes one partition's rows, then its journal entry; the number of rows removed.</summary>
    public async Task<int> DeletePartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var keys = storage.Rows.QueryAsync<TableEntity>(TableFilters.Partition(partitionKey), maxPerPage: 1000, ["PartitionKey", "RowKey"], cancellationToken);
        var batch = new List<TableTransactionAction>(BatchSize);
        var inFlight = new List<Task>();
        var removed = 0;
        await foreach (var entity in keys)
        {
            removed++;
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey, entity.RowKey), ETag.All));
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
        await storage.Manifests.DeleteEntityAsync(JournalPartition, partitionKey, ETag.All, cancellationToken);
        return removed;
    }

    /// <summary>Removes single rows of a staged revision (tickets a later upload had already stated).</summary>
    public Task DeleteRowsAsync(IEnumerable<(string PartitionKey, string RowKey)> rows, CancellationToken cancellationToken) =>
        Task.WhenAll(rows.Select(r => storage.Rows.DeleteEntityAsync(r.PartitionKey, r.RowKey, ETag.All, cancellationToken)));

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
