using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Figures;

namespace Pipeline.Adapters.Figures;

/// <summary>
/// Stored figures in the <c>{prefix}Figures</c> table. Partition = period: one row per street aggregate
/// (<c>street-{code}</c>) and the district's state (<c>district</c>); partition "{period}|{street}": one row per
/// community for the drill-down. Writes are ETag-conditional; null means someone else wrote first.
/// </summary>
public sealed class FiguresStore(PipelineStorage storage)
{
    private const string StreetPrefix = "street-";
    private const string DistrictKey = "district";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Serialize(StreetAggregate aggregate) => JsonSerializer.Serialize(aggregate, Json);

    public async Task<(string? Json, ETag ETag)> ReadStreetAsync(string period, string street, CancellationToken cancellationToken)
    {
        var row = await storage.Figures.GetEntityIfExistsAsync<TableEntity>(period, StreetPrefix + street, cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("Aggregate"), row.Value.ETag) : (null, default);
    }

    public Task<bool> TryWriteStreetAsync(string period, string street, string json, ETag etag, CancellationToken cancellationToken) =>
        TryWriteAsync(new TableEntity(period, StreetPrefix + street) { ["Aggregate"] = json }, etag, cancellationToken);

    public async Task<IReadOnlyDictionary<string, StreetAggregate>> ReadStreetsAsync(string period, CancellationToken cancellationToken)
    {
        var filter = $"{TableFilters.Partition(period)} and RowKey ge '{StreetPrefix}' and RowKey lt 'street.'";
        var rows = await storage.Figures.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return rows.ToDictionary(e => e.RowKey[StreetPrefix.Length..], e => JsonSerializer.Deserialize<StreetAggregate>(e.GetString("Aggregate"), Json)!);
    }

    /// <summary>The period's published state: its revision and the digest of the street aggregates it stands for.</summary>
    public async Task<DistrictState> ReadDistrictAsync(string period, CancellationToken cancellationToken)
    {
        var row = await storage.Figures.GetEntityIfExistsAsync<TableEntity>(period, DistrictKey, cancellationToken: cancellationToken);
        return row.HasValue
            ? new DistrictState(period, row.Value!.GetInt64("Revision") ?? 0, row.Value.GetString("Digest") ?? "", row.Value.ETag)
            : new DistrictState(period, 0, "", default);
    }

    public Task<bool> TryWriteDistrictAsync(DistrictState state, ETag etag, CancellationToken cancellationToken) =>
        TryWriteAsync(new TableEntity(state.Period, DistrictKey) { ["Revision"] = state.Revision, ["Digest"] = state.Digest }, etag, cancellationToken);

    /// <summary>Replaces a street's community rows: the new ones upserted, the ones that disappeared deleted.</summary>
    public async Task WriteCommunitiesAsync(string period, string street, IReadOnlyList<CommunityFigures> communities, CancellationToken cancellationToken)
    {
        var partition = CommunityPartition(period, street);
        var stale = await storage.Figures.QueryAsync<TableEntity>(TableFilters.Partition(partition), select: ["RowKey"], cancellationToken: cancellationToken)
            .Select(e => e.RowKey)
            .ToHashSetAsync(cancellationToken: cancellationToken);
        var actions = new List<TableTransactionAction>();
        foreach (var community in communities)
        {
            var key = TableKeys.Escape(community.Key);
            stale.Remove(key);
            actions.Add(new(TableTransactionActionType.UpsertReplace,
                new TableEntity(partition, key) { ["Community"] = JsonSerializer.Serialize(community, Json) }));
        }

        actions.AddRange(stale.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)));
        foreach (var batch in actions.Chunk(100))
        {
            await storage.Figures.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<CommunityFigures>> ReadCommunitiesAsync(string period, string street, CancellationToken cancellationToken) =>
        await storage.Figures.QueryAsync<TableEntity>(TableFilters.Partition(CommunityPartition(period, street)), cancellationToken: cancellationToken)
            .Select(e => JsonSerializer.Deserialize<CommunityFigures>(e.GetString("Community"), Json)!)
            .ToListAsync(cancellationToken);

    /// <summary>Every street's community rows of the period in one range query: partitions "{period}|…".</summary>
    public async Task<IReadOnlyList<CommunityFigures>> ReadCommunitiesAsync(string period, CancellationToken cancellationToken) =>
        await storage.Figures.QueryAsync<TableEntity>(TableFilters.PartitionRange(CommunityPartition(period, ""), $"{period}}}"), cancellationToken: cancellationToken)
            .Select(e => JsonSerializer.Deserialize<CommunityFigures>(e.GetString("Community"), Json)!)
            .ToListAsync(cancellationToken);

    // '}' follows '|': [ "{period}|", "{period}}" ) holds exactly the period's community partitions.
    private static string CommunityPartition(string period, string street) => $"{period}|{street}";

    private async Task<bool> TryWriteAsync(TableEntity entity, ETag etag, CancellationToken cancellationToken) =>
        await storage.Figures.TryWriteAsync(entity, etag, cancellationToken) is not null;
}
