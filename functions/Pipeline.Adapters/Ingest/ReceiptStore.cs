using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// One receipt per upload: keyed by its path, its ETag and the period the path or operator supplied, so every path
/// has a verdict of its own and the same upload delivered again finds its receipt and changes nothing.
/// </summary>
public sealed class ReceiptStore(PipelineStorage storage)
{
    private static (string PartitionKey, string RowKey) KeyOf(Upload upload, string? fallbackPeriod) =>
        (TableKeys.Escape(upload.File), $"{upload.ETag}|{fallbackPeriod ?? "-"}");

    public async Task<Receipt?> FindAsync(Upload upload, string? fallbackPeriod, CancellationToken cancellationToken)
    {
        var (partitionKey, rowKey) = KeyOf(upload, fallbackPeriod);
        var entity = await storage.Receipts.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    public async Task SaveAsync(Receipt receipt, Upload upload, string? fallbackPeriod, CancellationToken cancellationToken) =>
        await storage.Receipts.UpsertEntityAsync(ToEntity(receipt, KeyOf(upload, fallbackPeriod)), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Every receipt. The table holds a few per street and month, so the ledger reads it whole.</summary>
    public async Task<IReadOnlyList<Receipt>> AllAsync(CancellationToken cancellationToken) =>
        await storage.Receipts.QueryAsync<TableEntity>(cancellationToken: cancellationToken).Select(FromEntity).ToListAsync(cancellationToken);

    /// <summary>Receipts whose verdict fell in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<Receipt>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableFilters.Where($"At ge {from} and At lt {to}");
        var receipts = await storage.Receipts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .Select(FromEntity)
            .ToListAsync(cancellationToken);
        return [.. receipts.OrderBy(r => r.At)];
    }

    private static TableEntity ToEntity(Receipt receipt, (string PartitionKey, string RowKey) key) => new(key.PartitionKey, key.RowKey)
    {
        ["File"] = receipt.File,
        ["ContentHash"] = receipt.ContentHash,
        ["UploadedAt"] = receipt.UploadedAt,
        ["Warnings"] = receipt.Warnings,
        ["RefusedClosed"] = receipt.RefusedClosed,
        ["Superseded"] = JsonSerializer.Serialize(receipt.Superseded.Select(s => new SupersessionJson(s.Slice.ToString(), s.By, s.Tickets))),
        ["Kind"] = receipt.Form ?? "",
        ["Sheet"] = receipt.Sheet ?? "",
        ["Periods"] = string.Join(',', receipt.Periods),
        ["Streets"] = string.Join(',', receipt.Streets),
        ["Rows"] = receipt.Rows,
        ["Status"] = receipt.Status.ToString(),
        ["Findings"] = receipt.Findings,
        ["At"] = receipt.At,
        ["Slices"] = JsonSerializer.Serialize(receipt.Slices.Select(s => s.ToString())),
    };

    private static Receipt FromEntity(TableEntity e) => new(
        // Receipts written before uploads had a verdict of their own were keyed by content hash.
        e.GetString("File"), e.GetString("ContentHash") ?? e.PartitionKey,
        e.GetString("Kind") is { Length: > 0 } form ? form : null,
        e.GetString("Sheet") is { Length: > 0 } sheet ? sheet : null,
        Split(e.GetString("Periods")), Split(e.GetString("Streets")), e.GetInt32("Rows") ?? 0,
        Enum.Parse<ReceiptStatus>(e.GetString("Status")), e.GetInt32("Findings") ?? 0, e.GetDateTimeOffset("At") ?? default)
    {
        Slices = [.. (JsonSerializer.Deserialize<string[]>(e.GetString("Slices") ?? "[]") ?? []).Select(SliceKey.Parse)],
        UploadedAt = e.GetDateTimeOffset("UploadedAt"),
        Warnings = e.GetInt32("Warnings") ?? 0,
        RefusedClosed = e.GetBoolean("RefusedClosed") ?? false,
        Superseded = [.. (JsonSerializer.Deserialize<SupersessionJson[]>(e.GetString("Superseded") ?? "[]") ?? [])
            .Select(s => new Supersession(SliceKey.Parse(s.Slice), s.By, s.Tickets))],
    };

    private sealed record SupersessionJson(string Slice, string By, int Tickets);

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
