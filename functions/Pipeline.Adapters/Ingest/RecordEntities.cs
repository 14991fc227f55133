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
    public static TableEntity ToEntity(IngestRecord record, string partitionKey, Upload upload)
    {
        var entity = new TableEntity(partitionKey, TableKeys.Escape(record.Key))
        {
            ["Period"] = record.Period,
            ["StreetCode"] = record.StreetCode,
            ["SourceFile"] = upload.File,
            ["SourceRow"] = record.SourceRow,
            ["UploadedAt"] = upload.At,
            ["UploadETag"] = upload.ETag,
        };
        switch (record)
        {
            case CompoundRecord c:
                AddCommunity(entity, c.Community);
                Set(entity, "CompoundId", c.CompoundId);
                Set(entity, "CompoundName", c.CompoundName);
                Set(entity, "CompoundType", c.CompoundType);
                Set(entity, "Households", c.Households);
                Set(entity, "HasPropertyService", c.HasPropertyService);
                Set(entity, "ServiceMode", c.ServiceMode);
                Set(entity, "PropertyCompany", c.PropertyCompany);
                Set(entity, "OwnerOrganization", c.OwnerOrganization.ToString());
                Set(entity, "PartyOrganization", c.PartyOrganization);
                break;
            case AppealCountRecord a:
                AddCommunity(entity, a.Community);
                AddTally(entity, a.Tally);
                break;
            case TicketRecord t:
                AddCommunity(entity, t.Community);
                Set(entity, "TicketId", t.TicketId);
                Set(entity, "ReceivedAt", t.ReceivedAt.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                Set(entity, "ValidVisit", t.ValidVisit);
                Set(entity, "Contacted", t.Contacted);
                Set(entity, "Resolved", t.Resolved);
                Set(entity, "Satisfaction", t.Satisfaction?.ToString());
                break;
            case FormRow row:
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

                break;
        }

        return entity;
    }

    /// <summary>
    /// A stored row as the record it was: a built-in form's typed record, or any other form's row, its values read
    /// back by <paramref name="catalog"/>'s column types (a time from its text).
    /// </summary>
    public static IngestRecord FromEntity(string form, TableEntity e, CompiledCatalog? catalog = null) => form switch
    {
        LegacyForms.CompoundRoster => new CompoundRecord(
            e.GetString("Period"), e.GetString("StreetCode"), Community(e), e.GetString("CompoundId"), e.GetString("CompoundName"),
            e.GetString("CompoundType"), e.GetInt64("Households"), e.GetBoolean("HasPropertyService") ?? false, e.GetString("ServiceMode"),
            e.GetString("PropertyCompany"), Enum.Parse<OwnerOrganization>(e.GetString("OwnerOrganization")),
            e.GetBoolean("PartyOrganization") ?? false, e.GetInt32("SourceRow") ?? 0),
        LegacyForms.AppealCounts => new AppealCountRecord(
            e.GetString("Period"), e.GetString("StreetCode"), Community(e), Tally(e), e.GetInt32("SourceRow") ?? 0),
        LegacyForms.TicketExport => new TicketRecord(
            e.GetString("TicketId"), DateTime.Parse(e.GetString("ReceivedAt"), System.Globalization.CultureInfo.InvariantCulture),
            e.GetString("StreetCode"), Community(e), e.GetBoolean("ValidVisit") ?? false, e.GetBoolean("Contacted") ?? false,
            e.GetBoolean("Resolved") ?? false, e.GetString("Satisfaction") is { } s ? Enum.Parse<Satisfaction>(s) : null,
            e.GetInt32("SourceRow") ?? 0),
        _ => FormRowOf(form, e, (catalog ?? CompiledCatalog.Builtin).Form(form).Definition),
    };

    /// <summary>The property a form row's column is stored under: prefixed, so no column key meets a property of the row's own.</summary>
    private const string ValuePrefix = "v_";

    private static FormRow FormRowOf(string form, TableEntity e, FormDefinition definition)
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

        var community = e.GetString("CommunityKey") is null ? null : Community(e);
        return new FormRow(form, e.GetInt32("SourceRow") ?? 0, e.GetString("Period"), e.GetString("StreetCode"), community, TableKeys.Unescape(e.RowKey), values)
        {
            KeyColumn = e.GetString("KeyColumn"),
        };
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

    private static CommunityRef Community(TableEntity e) =>
        new(e.GetString("CommunityKey"), e.GetString("CommunityCode"), e.GetString("CommunityName"));

    private static void AddTally(TableEntity entity, AppealTally tally)
    {
        Set(entity, "Received", tally.Received);
        Set(entity, "ValidVisits", tally.ValidVisits);
        Set(entity, "Contacted", tally.Contacted);
        Set(entity, "Resolved", tally.Resolved);
        Set(entity, "Satisfied", tally.Satisfied);
        Set(entity, "BasicSatisfied", tally.BasicSatisfied);
        Set(entity, "Unsatisfied", tally.Unsatisfied);
    }

    private static AppealTally Tally(TableEntity e) => new(
        e.GetInt64("Received") ?? 0, e.GetInt64("ValidVisits") ?? 0, e.GetInt64("Contacted") ?? 0, e.GetInt64("Resolved") ?? 0,
        e.GetInt64("Satisfied") ?? 0, e.GetInt64("BasicSatisfied") ?? 0, e.GetInt64("Unsatisfied") ?? 0);
}
