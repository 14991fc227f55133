using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// Receipts keyed by what decides the outcome: the content hash and the period the upload path or operator
/// supplied. The same content delivered again finds its receipt and changes nothing.
/// </summary>
public sealed class ReceiptStore(PipelineStorage storage)
{
    public static string RowKeyOf(string? fallbackPeriod) => fallbackPeriod ?? "-";

    public async Task<Receipt?> FindAsync(string contentHash, string? fallbackPeriod, CancellationToken cancellationToken)
    {
        var entity = await storage.Receipts.GetEntityIfExistsAsync<TableEntity>(contentHash, RowKeyOf(fallbackPeriod), cancellationToken: cancellationToken);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    public async Task SaveAsync(Receipt receipt, string? fallbackPeriod, CancellationToken cancellationToken) =>
        await storage.Receipts.UpsertEntityAsync(ToEntity(receipt, fallbackPeriod), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Receipts whose verdict fell in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<Receipt>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableFilters.Where($"At ge {from} and At lt {to}");
        var receipts = await storage.Receipts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .Select(FromEntity)
            .ToListAsync(cancellationToken);
        return [.. receipts.OrderBy(r => r.At)];
    }

    private static TableEntity ToEntity(Receipt receipt, string? fallbackPeriod) => new(receipt.ContentHash, RowKeyOf(fallbackPeriod))
    {
        ["File"] = receipt.File,
        ["Kind"] = receipt.Kind?.ToString() ?? "",
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
        e.GetString("File"), e.PartitionKey,
        Enum.TryParse<SheetKind>(e.GetString("Kind"), out var kind) ? kind : null,
        e.GetString("Sheet") is { Length: > 0 } sheet ? sheet : null,
        Split(e.GetString("Periods")), Split(e.GetString("Streets")), e.GetInt32("Rows") ?? 0,
        Enum.Parse<ReceiptStatus>(e.GetString("Status")), e.GetInt32("Findings") ?? 0, e.GetDateTimeOffset("At") ?? default)
    {
        Slices = [.. (JsonSerializer.Deserialize<string[]>(e.GetString("Slices") ?? "[]") ?? []).Select(SliceKey.Parse)],
    };

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
