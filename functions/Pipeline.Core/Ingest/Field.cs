using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>A column a sheet kind knows, with the headers clerks write for it (compared after <see cref="TextValues.NameKey"/>).</summary>
public sealed record Field(string Key, string Label, IReadOnlyList<string> Aliases, bool Required = false)
{
    public static readonly Field Period = new("period", "填报周期", ["填报周期", "统计周期", "周期", "月份", "period"]);
    public static readonly Field StreetCode = new("street_code", "街乡代码", ["街乡代码", "街道代码", "街乡镇代码", "street_code"]);
    public static readonly Field StreetName = new("street_name", "街道", ["街道", "街乡", "街道(乡镇)", "街道/乡镇", "乡镇", "街乡镇", "被反映街乡镇", "street"]);
    public static readonly Field CommunityCode = new("community_code", "社区代码", ["社区代码", "社区村代码", "社区(村)代码", "community_code"]);
    public static readonly Field CommunityName = new("community_name", "社区", ["社区", "社区/村", "社区(村)", "村/社区", "社区名称", "community"], Required: true);

    public static readonly Field CompoundId = new("compound_id", "小区编号", ["小区编号", "小区代码", "compound_id"]);
    public static readonly Field CompoundName = new("compound_name", "小区名称", ["小区名称", "小区", "compound"], Required: true);
    public static readonly Field CompoundType = new("compound_type", "小区类型", ["小区类型", "compound_type"]);
    public static readonly Field Households = new("households", "户数", ["户数", "总户数", "households"]);
    public static readonly Field HasPropertyService = new("has_property_service", "是否有物业", ["是否有物业", "有物业服务", "物业服务", "是否有物业服务", "has_property_service"], Required: true);
    public static readonly Field ServiceMode = new("service_mode", "物业服务方式", ["物业服务方式", "物业管理模式", "物业服务模式", "service_mode"]);
    public static readonly Field PropertyCompany = new("property_company", "物业服务企业", ["物业服务企业", "物业公司", "物业企业", "property_company"]);
    public static readonly Field OwnerOrganization = new("owner_org", "业主组织", ["业主组织", "业主组织类型", "业委会(物管会)", "业委会/物管会", "owner_org"], Required: true);
    public static readonly Field PartyOrganization = new("party_org", "党组织覆盖", ["党组织覆盖", "党的组织覆盖", "党组织", "party_org"], Required: true);

    public static readonly Field Received = new("received", "受理量", ["受理量", "受理数", "received"], Required: true);
    public static readonly Field ValidVisits = new("valid_visits", "有效回访", ["有效回访", "有效回访量", "有效回访数", "valid_visits"], Required: true);
    public static readonly Field Contacted = new("contacted", "已联系", ["已联系", "联系数", "响应数", "contacted"], Required: true);
    public static readonly Field Resolved = new("resolved", "已解决", ["已解决", "解决数", "resolved"], Required: true);
    public static readonly Field Satisfied = new("satisfied", "满意", ["满意", "满意数", "satisfied"], Required: true);
    public static readonly Field BasicSatisfied = new("basic_satisfied", "基本满意", ["基本满意", "基本满意数", "basic_satisfied"], Required: true);
    public static readonly Field Unsatisfied = new("unsatisfied", "不满意", ["不满意", "不满意数", "unsatisfied"], Required: true);
    public static readonly Field ResponseRate = new("response_rate", "响应率", ["响应率", "response_rate"]);
    public static readonly Field ResolutionRate = new("resolution_rate", "解决率", ["解决率", "resolution_rate"]);
    public static readonly Field SatisfactionRate = new("satisfaction_rate", "满意率", ["满意率", "satisfaction_rate"]);

    /// <summary>A clerk's explanation of the row, which confirms a plausibility warning on it.</summary>
    public static readonly Field Explanation = new("explanation", "说明", ["说明", "备注", "情况说明", "explanation"]);

    public static readonly Field TicketId = new("ticket_id", "工单编号", ["工单编号", "工单号", "ticket_id"], Required: true);
    public static readonly Field ReceivedAt = new("received_at", "来电时间", ["来电时间", "受理时间", "received_at"], Required: true);
    public static readonly Field ValidVisit = new("valid_visit", "是否有效回访", ["是否有效回访", "有效回访", "valid_visit"]);
    public static readonly Field IsContacted = new("contacted", "是否联系", ["是否联系", "是否响应", "contacted"]);
    public static readonly Field IsResolved = new("resolved", "是否解决", ["是否解决", "resolved"]);
    public static readonly Field Satisfaction = new("satisfaction", "是否满意", ["是否满意", "满意度", "satisfaction"]);
}
