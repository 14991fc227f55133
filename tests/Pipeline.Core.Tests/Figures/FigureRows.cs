using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Tests.Figures;

/// <summary>Rows written in tests, with defaults for what a test does not care about.</summary>
public static class FigureRows
{
    public const string Period = "2020-12";
    public const string Qingyuan = "110115003000";

    public static CompoundRecord Compound(string name, bool service = true, OwnerOrganization owner = OwnerOrganization.OwnersCommittee,
        bool party = true, string community = "枣园社区", string street = Qingyuan, string? mode = "专业物业", string? type = "商品房") =>
        new(Period, street, CommunityRef.Create(null, community), null, name, type, 100, service, mode, null, owner, party, 2);

    public static AppealCountRecord Counts(string community, long received, long valid, long contacted, long resolved, long satisfied,
        long basic, long unsatisfied, string street = Qingyuan, string? code = null) =>
        new(Period, street, CommunityRef.Create(code, community), new AppealTally(received, valid, contacted, resolved, satisfied, basic, unsatisfied), 2);

    public static TicketRecord Ticket(string id, bool valid, bool contacted, bool resolved, Satisfaction? satisfaction,
        string community = "枣园社区", string street = Qingyuan) =>
        new(id, new DateTime(2020, 12, 5, 9, 0, 0), street, CommunityRef.Create(null, community), valid, contacted, resolved, satisfaction, 2);
}
