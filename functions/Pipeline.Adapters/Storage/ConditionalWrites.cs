using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Pipeline.Adapters.Storage;

/// <summary>
/// The one idiom for optimistic concurrency on tables: write only if nobody changed the entity since it was read
/// (an entity never read, <c>default</c> ETag, must not exist yet). Losing the race is an answer, not an error.
/// </summary>
public static class ConditionalWrites
{
    /// <summary>The new ETag, or null when another writer came first (412 or 409).</summary>
    public static async Task<ETag?> TryWriteAsync(this TableClient table, TableEntity entity, ETag readETag, CancellationToken cancellationToken)
    {
        try
        {
            var response = readETag == default
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, readETag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (LostRace(e))
        {
            return null;
        }
    }

    /// <summary>The transaction action that writes <paramref name="entity"/> under the same condition.</summary>
    public static TableTransactionAction Action(TableEntity entity, ETag readETag) =>
        readETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, readETag);

    /// <summary>Submits conditional actions of one partition all or nothing; false when any condition failed.</summary>
    public static async Task<bool> TrySubmitAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (LostRace(e))
        {
            return false;
        }
    }

    private static bool LostRace(RequestFailedException e) => e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;
}
