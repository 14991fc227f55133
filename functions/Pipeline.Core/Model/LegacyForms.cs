namespace Pipeline.Core.Model;

/// <summary>
/// The built-in catalog's codes of the three forms that still have typed records (<see cref="CompoundRecord"/>,
/// <see cref="AppealCountRecord"/>, <see cref="TicketRecord"/>). Every other form is known by its catalog code alone;
/// the catalog test holds these to the built-in catalog.
/// </summary>
public static class LegacyForms
{
    /// <summary>小区物业台账: one row per residential compound.</summary>
    public const string CompoundRoster = "CompoundRoster";

    /// <summary>诉求办理统计: one row per community and period.</summary>
    public const string AppealCounts = "AppealCounts";

    /// <summary>12345 工单明细: one row per ticket.</summary>
    public const string TicketExport = "TicketExport";

    public static IReadOnlyList<string> All { get; } = [CompoundRoster, AppealCounts, TicketExport];
}
