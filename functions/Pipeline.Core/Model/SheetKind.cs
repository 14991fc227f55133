namespace Pipeline.Core.Model;

/// <summary>What a sheet states, told apart by its header row (never by the file name).</summary>
public enum SheetKind
{
    /// <summary>小区物业台账: one row per residential compound.</summary>
    CompoundRoster,

    /// <summary>诉求办理统计: one row per community and period.</summary>
    AppealCounts,

    /// <summary>12345 工单明细: one row per ticket.</summary>
    TicketExport,
}
