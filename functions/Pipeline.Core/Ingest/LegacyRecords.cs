using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// The built-in forms' rows as the typed records their figures are still computed and stored from; a row of any other
/// form stays a <see cref="FormRow"/>. The one place that maps those forms' column keys to record fields; the catalog
/// test holds the keys to the built-in catalog.
/// </summary>
public static class LegacyRecords
{
    public static IngestRecord Of(FormRow row) => row.Form switch
    {
        LegacyForms.CompoundRoster => new CompoundRecord(
            row.Period, row.StreetCode, row.Community!, Text(row, "compound_id"), Text(row, "compound_name")!, Text(row, "compound_type"),
            row.Value("households") is double households ? (long)households : null, Yes(row, "has_property_service"), Text(row, "service_mode"),
            Text(row, "property_company"), Owner(Text(row, "owner_org")), Yes(row, "party_org"), row.SourceRow) { Explanation = row.Explanation },
        LegacyForms.AppealCounts => new AppealCountRecord(
            row.Period, row.StreetCode, row.Community!,
            new AppealTally(Count(row, "received"), Count(row, "valid_visits"), Count(row, "contacted"), Count(row, "resolved"),
                Count(row, "satisfied"), Count(row, "basic_satisfied"), Count(row, "unsatisfied")),
            row.SourceRow) { Explanation = row.Explanation },
        LegacyForms.TicketExport => new TicketRecord(
            Text(row, "ticket_id")!, (DateTime)row.Value("received_at")!, row.StreetCode, row.Community!, Yes(row, "valid_visit"),
            Yes(row, "contacted"), Yes(row, "resolved"), Satisfaction(Text(row, "satisfaction")), row.SourceRow),
        _ => row,
    };

    private static string? Text(FormRow row, string column) => row.Value(column) as string;

    private static bool Yes(FormRow row, string column) => row.Value(column) is true;

    private static long Count(FormRow row, string column) => row.Value(column) is double count ? (long)count : 0;

    private static OwnerOrganization Owner(string? option) => option switch
    {
        "业委会" => OwnerOrganization.OwnersCommittee,
        "物管会" => OwnerOrganization.PropertyManagementCommittee,
        "有" => OwnerOrganization.Unspecified,
        "无" or null => OwnerOrganization.None,
        var other => throw new ArgumentOutOfRangeException(nameof(option), other, "The built-in catalog's owner_org has no such option."),
    };

    private static Satisfaction? Satisfaction(string? option) => option switch
    {
        "满意" => Model.Satisfaction.Satisfied,
        "基本满意" => Model.Satisfaction.BasicallySatisfied,
        "不满意" => Model.Satisfaction.Unsatisfied,
        null => null,
        var other => throw new ArgumentOutOfRangeException(nameof(option), other, "The built-in catalog's satisfaction has no such option."),
    };
}
