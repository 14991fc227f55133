using Azure.Data.Tables;

namespace Pipeline.Adapters.Storage;

/// <summary>The one way filters are built: the SDK's interpolation, which quotes and escapes every value.</summary>
public static class TableFilters
{
    public static string Partition(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");

    /// <summary>Rows of one partition whose keys fall in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static string RowRange(string partitionKey, string from, string to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}");

    /// <summary>Every row of the partitions whose keys fall in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static string PartitionRange(string from, string to) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");

    public static string Where(FormattableString filter) => TableClient.CreateQueryFilter(filter);
}
