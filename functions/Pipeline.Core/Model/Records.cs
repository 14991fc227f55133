namespace Pipeline.Core.Model;

/// <summary>
/// A row accepted from an upload. It belongs to one slice, (form, period, street), <see cref="Form"/> being the
/// catalog code of the form it was read with; <see cref="Key"/> identifies it inside the slice; <see cref="SourceRow"/>
/// traces it back to the row of the file it came from.
/// </summary>
public abstract record IngestRecord(string Form, string Period, string StreetCode, string Key, int SourceRow)
{
    /// <summary>What the clerk wrote in the row's 说明/备注 column; it confirms a plausibility warning. Not stored.</summary>
    public string? Explanation { get; init; }
}

/// <summary>Where a community is: its 12-digit code when the sheet has one, else its name within its street.</summary>
public sealed record CommunityRef(string Key, string? Code, string Name)
{
    public static CommunityRef Create(string? code, string name) =>
        new(string.IsNullOrEmpty(code) ? $"n:{TextValues.NameKey(name)}" : code, string.IsNullOrEmpty(code) ? null : code, name);
}

public enum OwnerOrganization
{
    None,

    /// <summary>业主委员会 (业委会).</summary>
    OwnersCommittee,

    /// <summary>物业管理委员会 (物管会).</summary>
    PropertyManagementCommittee,

    /// <summary>"是"/"有" without saying which kind.</summary>
    Unspecified,
}

public sealed record CompoundRecord(
    string Period,
    string StreetCode,
    CommunityRef Community,
    string? CompoundId,
    string CompoundName,
    string? CompoundType,
    long? Households,
    bool HasPropertyService,
    string? ServiceMode,
    string? PropertyCompany,
    OwnerOrganization OwnerOrganization,
    bool PartyOrganization,
    int SourceRow)
    : IngestRecord(LegacyForms.CompoundRoster, Period, StreetCode, CompoundId is { Length: > 0 } id ? $"id:{id}" : $"{Community.Key}|{TextValues.NameKey(CompoundName)}", SourceRow);

/// <summary>Appeal-handling counts; the same shape whether read from a counts sheet or tallied from tickets.</summary>
public sealed record AppealTally(long Received, long ValidVisits, long Contacted, long Resolved, long Satisfied, long BasicSatisfied, long Unsatisfied)
{
    public static readonly AppealTally Zero = new(0, 0, 0, 0, 0, 0, 0);

    public static AppealTally operator +(AppealTally a, AppealTally b) => new(
        a.Received + b.Received, a.ValidVisits + b.ValidVisits, a.Contacted + b.Contacted, a.Resolved + b.Resolved,
        a.Satisfied + b.Satisfied, a.BasicSatisfied + b.BasicSatisfied, a.Unsatisfied + b.Unsatisfied);
}

public sealed record AppealCountRecord(string Period, string StreetCode, CommunityRef Community, AppealTally Tally, int SourceRow)
    : IngestRecord(LegacyForms.AppealCounts, Period, StreetCode, Community.Key, SourceRow);

public enum Satisfaction
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

/// <summary>A 12345 ticket, reduced to what the figures need: no content, no caller details.</summary>
public sealed record TicketRecord(
    string TicketId,
    DateTime ReceivedAt,
    string StreetCode,
    CommunityRef Community,
    bool ValidVisit,
    bool Contacted,
    bool Resolved,
    Satisfaction? Satisfaction,
    int SourceRow)
    : IngestRecord(LegacyForms.TicketExport, Periods.Of(ReceivedAt), StreetCode, TicketId, SourceRow);
