using Azure.Data.Tables;
using Pipeline.Adapters.Storage;
using System.Globalization;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>Records as table entities and back. Every entity keeps the upload (file, time, ETag) and row it came from.</summary>
public static class RecordEntities
{
    public static TableEntity ToEntity(FormRow row, string partitionKey, Upload upload)
    {
        var entity = new TableEntity(partitionKey, TableKeys.Escape(row.Key))
        {
            ["Period"] = row.Period,
            ["StreetCode"] = row.StreetCode,
            ["SourceFile"] = upload.File,
            ["SourceRow"] = row.SourceRow,
            ["UploadedAt"] = upload.At,
            ["UploadETag"] = upload.ETag,
        };
        if (row.Community is { } community)
        {
            AddCommunity(entity, community);
        }

        Set(entity, "KeyColumn", row.KeyColumn);
        foreach (var (column, value) in row.Values)
        {
            // Times as written (local, no zone): a table's DateTime is UTC and would shift them.
            entity[ValuePrefix + column] = value is DateTime at ? at.ToString("s", CultureInfo.InvariantCulture) : value;
        }

        return entity;
    }

    /// <summary>
    /// A stored row as the form's row, its values read back by <paramref name="catalog"/>'s column types (a time from
    /// its text); a row stored before every form was stored this way is read by <see cref="StoredBeforeCatalogs"/>.
    /// </summary>
    public static FormRow FromEntity(string form, TableEntity e, CompiledCatalog? catalog = null)
    {
        var definition = (catalog ?? CompiledCatalog.Builtin).Form(form).Definition;
        var values = StoredBeforeCatalogs.Values(e) ?? CatalogValues(e, definition);
        var community = e.GetString("CommunityKey") is null ? null : Community(e);
        return new FormRow(form, e.GetInt32("SourceRow") ?? 0, e.GetString("Period"), e.GetString("StreetCode"), community, TableKeys.Unescape(e.RowKey), values)
        {
            KeyColumn = e.GetString("KeyColumn"),
        };
    }

    /// <summary>The property a form row's column is stored under: prefixed, so no column key meets a property of the row's own.</summary>
    private const string ValuePrefix = "v_";

    private static Dictionary<string, object> CatalogValues(TableEntity e, FormDefinition definition)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var column in definition.Columns)
        {
            var value = e.TryGetValue(ValuePrefix + column.Key, out var stored) ? stored : null;
            if (value is string text && column.Type is ColumnType.Date or ColumnType.DateTime)
            {
                value = DateTime.Parse(text, CultureInfo.InvariantCulture);
            }
            else if (value is int or long)
            {
                // A whole double may come back as an integer; expressions read numbers as doubles.
                value = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }

            if (value is not null)
            {
                values[column.Key] = value;
            }
        }

        return values;
    }

    /// <summary>The upload a stored row came from; null for rows stored before uploads were ordered.</summary>
    public static Upload? UploadOf(TableEntity e) =>
        e.GetDateTimeOffset("UploadedAt") is { } at && e.GetString("UploadETag") is { } etag ? new Upload(e.GetString("SourceFile") ?? "", at, etag) : null;

    private static void AddCommunity(TableEntity entity, CommunityRef community)
    {
        Set(entity, "CommunityKey", community.Key);
        Set(entity, "CommunityCode", community.Code);
        Set(entity, "CommunityName", community.Name);
    }

    /// <summary>Absent values are left out: a missing property reads back as null.</summary>
    private static void Set(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    internal static CommunityRef Community(TableEntity e) =>
        new(e.GetString("CommunityKey"), e.GetString("CommunityCode"), e.GetString("CommunityName"));
}
