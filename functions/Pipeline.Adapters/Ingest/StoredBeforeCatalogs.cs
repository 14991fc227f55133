using System.Globalization;
using Azure.Data.Tables;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// Rows of the compound roster, the appeal counts and the ticket export stored before every form's rows were stored
/// as column values: their properties, read back as the values of the built-in catalog's columns, so figures of
/// periods stored then recompute the same.
/// </summary>
internal static class StoredBeforeCatalogs
{
    // Each property those rows had, and the column it holds.
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["CompoundId"] = "compound_id", ["CompoundName"] = "compound_name", ["CompoundType"] = "compound_type", ["Households"] = "households",
        ["HasPropertyService"] = "has_property_service", ["ServiceMode"] = "service_mode", ["PropertyCompany"] = "property_company",
        ["OwnerOrganization"] = "owner_org", ["PartyOrganization"] = "party_org",
        ["Received"] = "received", ["ValidVisits"] = "valid_visits", ["Contacted"] = "contacted", ["Resolved"] = "resolved",
        ["Satisfied"] = "satisfied", ["BasicSatisfied"] = "basic_satisfied", ["Unsatisfied"] = "unsatisfied",
        ["TicketId"] = "ticket_id", ["ReceivedAt"] = "received_at", ["ValidVisit"] = "valid_visit", ["Satisfaction"] = "satisfaction",
        ["CommunityCode"] = "community_code", ["CommunityName"] = "community_name",
    };

    // The options those rows named by their enum names.
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["OwnersCommittee"] = "业委会", ["PropertyManagementCommittee"] = "物管会", ["Unspecified"] = "有", ["None"] = "无",
        ["Satisfied"] = "满意", ["BasicallySatisfied"] = "基本满意", ["Unsatisfied"] = "不满意",
    };

    private static readonly string[] Markers = ["CompoundName", "Received", "TicketId"];

    /// <summary>The row's values when it was stored the earlier way; null when it holds column values.</summary>
    public static Dictionary<string, object>? Values(TableEntity e)
    {
        if (!Markers.Any(e.ContainsKey) || e.Keys.Any(k => k.StartsWith("v_", StringComparison.Ordinal)))
        {
            return null;
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (property, column) in Columns)
        {
            object? value = e.TryGetValue(property, out var stored) ? stored switch
            {
                int or long => Convert.ToDouble(stored, CultureInfo.InvariantCulture),
                string text when property == "ReceivedAt" => DateTime.Parse(text, CultureInfo.InvariantCulture),
                string text when property is "OwnerOrganization" or "Satisfaction" => Options[text],
                _ => stored,
            } : null;
            if (value is not null)
            {
                values[column] = value;
            }
        }

        return values;
    }
}
