using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Tests.Figures;

/// <summary>Rows of the built-in forms written in tests, keyed as the reader keys them, with defaults for what a test does not care about.</summary>
public static class FigureRows
{
    public const string Period = "2020-12";
    public const string Qingyuan = "110115003000";

    /// <param name="owner">The 业主组织 option: 业委会, 物管会, 有 or 无.</param>
    public static FormRow Compound(string name, bool service = true, string owner = "业委会",
        bool party = true, string community = "枣园社区", string street = Qingyuan, string? mode = "专业物业", string? type = "商品房", string? code = null)
    {
        var at = CommunityRef.Create(code, community);
        return Row("CompoundRoster", Period, street, at, $"{at.Key}|{TextValues.NameKey(name)}", new()
        {
            ["community_name"] = community, ["compound_name"] = name, ["compound_type"] = type, ["households"] = 100.0,
            ["has_property_service"] = service, ["service_mode"] = mode, ["owner_org"] = owner, ["party_org"] = party,
        });
    }

    public static FormRow Counts(string community, long received, long valid, long contacted, long resolved, long satisfied,
        long basic, long unsatisfied, string street = Qingyuan, string? code = null)
    {
        var at = CommunityRef.Create(code, community);
        return Row("AppealCounts", Period, street, at, at.Key, new()
        {
            ["community_name"] = community, ["community_code"] = code, ["received"] = (double)received, ["valid_visits"] = (double)valid,
            ["contacted"] = (double)contacted, ["resolved"] = (double)resolved, ["satisfied"] = (double)satisfied,
            ["basic_satisfied"] = (double)basic, ["unsatisfied"] = (double)unsatisfied,
        });
    }

    /// <param name="satisfaction">满意, 基本满意, 不满意, or none (not rated).</param>
    public static FormRow Ticket(string id, bool valid, bool contacted, bool resolved, string? satisfaction,
        string community = "枣园社区", string street = Qingyuan) =>
        Row("TicketExport", Period, street, CommunityRef.Create(null, community), id, new()
        {
            ["ticket_id"] = id, ["received_at"] = new DateTime(2020, 12, 5, 9, 0, 0), ["community_name"] = community,
            ["valid_visit"] = valid, ["contacted"] = contacted, ["resolved"] = resolved, ["satisfaction"] = satisfaction,
        });

    /// <summary>A counts row's counts.</summary>
    public static AppealTally TallyOf(FormRow row)
    {
        long Count(string column) => row.Value(column) is double value ? (long)value : 0;
        return new(Count("received"), Count("valid_visits"), Count("contacted"), Count("resolved"), Count("satisfied"), Count("basic_satisfied"), Count("unsatisfied"));
    }

    /// <summary>A street's figures from its roster, counts and ticket rows, as the recompute gives them.</summary>
    public static (StreetAggregate Street, IReadOnlyList<CommunityFigures> Communities) Street(
        string code, IEnumerable<FormRow> compounds, IEnumerable<FormRow> counts, IEnumerable<FormRow> tickets, CompiledCatalog catalog) =>
        StreetAggregate.Compute(code, [.. compounds, .. counts, .. tickets], catalog);

    private static FormRow Row(string form, string period, string street, CommunityRef community, string key, Dictionary<string, object?> values) =>
        new(form, 2, period, street, community, key, values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!, StringComparer.Ordinal));
}
