using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>The columns of one form, and the ones whose presence identifies it.</summary>
public sealed record SheetLayout(string Form, string Label, IReadOnlyList<Field> Fields, IReadOnlyList<Field> Signature)
{
    public static readonly SheetLayout CompoundRoster = new(LegacyForms.CompoundRoster, "小区物业台账 / compound roster",
        [Field.Period, Field.StreetCode, Field.StreetName, Field.CommunityCode, Field.CommunityName, Field.CompoundId,
         Field.CompoundName, Field.CompoundType, Field.Households, Field.HasPropertyService, Field.ServiceMode,
         Field.PropertyCompany, Field.OwnerOrganization, Field.PartyOrganization, Field.Explanation],
        [Field.CompoundName, Field.HasPropertyService]);

    public static readonly SheetLayout AppealCounts = new(LegacyForms.AppealCounts, "诉求办理统计 / appeal counts",
        [Field.Period, Field.StreetCode, Field.StreetName, Field.CommunityCode, Field.CommunityName, Field.Received,
         Field.ValidVisits, Field.Contacted, Field.Resolved, Field.Satisfied, Field.BasicSatisfied, Field.Unsatisfied,
         Field.ResponseRate, Field.ResolutionRate, Field.SatisfactionRate, Field.Explanation],
        [Field.Received, Field.ValidVisits]);

    public static readonly SheetLayout TicketExport = new(LegacyForms.TicketExport, "12345 工单明细 / ticket export",
        [Field.TicketId, Field.ReceivedAt, Field.StreetCode, Field.StreetName, Field.CommunityCode, Field.CommunityName,
         Field.ValidVisit, Field.IsContacted, Field.IsResolved, Field.Satisfaction],
        [Field.TicketId, Field.ReceivedAt]);

    public static IReadOnlyList<SheetLayout> All { get; } = [CompoundRoster, AppealCounts, TicketExport];

    public static SheetLayout For(string form) => All.Single(layout => layout.Form == form);
}
