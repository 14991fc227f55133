namespace Pipeline.Samples;

/// <summary>Made-up but plausible communities of a few Daxing streets, for sample and synthetic files.</summary>
public static class DaxingCommunities
{
    public static readonly IReadOnlyDictionary<string, string[]> ByStreet = new Dictionary<string, string[]>
    {
        ["兴丰街道"] = ["三合南里社区", "兴丰北里社区", "丽园社区", "滨河北里社区", "义和庄东里社区"],
        ["林校路街道"] = ["太平家园社区", "林校北里社区", "车站中里社区", "永华南里社区"],
        ["清源街道"] = ["枣园社区", "兴涛社区", "康隆社区", "滨河西里社区", "兴华社区", "三合庄园社区"],
        ["亦庄地区"] = ["鹿海园社区", "金色漫香苑社区", "亦庄中心村", "三羊村"],
        ["黄村地区"] = ["狼垡村", "黄村东里社区", "宋庄村", "康庄社区"],
        ["观音寺街道"] = ["观音寺南里社区", "首座社区", "兴业社区"],
        ["天宫院街道"] = ["天宫院社区", "融汇社区", "海子角社区"],
        ["高米店街道"] = ["香留园社区", "郁花园社区", "康和园社区"],
    };

    public static readonly string[] ServiceModes = ["专业物业", "红色物业", "职业经理人", "物业社会企业", "党建物业联合体", "国企兜底", "先尝后买", "准物业", "自管"];

    public static readonly string[] CompoundTypes = ["商品房", "回迁社区", "老旧小区", "多产权单位小区", "三无小区"];

    public static readonly string[] Companies = ["北京兴大物业管理有限公司", "北京亦城物业服务有限公司", "北京首开物业管理有限公司", "北京金隅物业管理有限责任公司"];

    public static readonly string[] AppealTopics = ["供暖", "物业管理", "噪音扰民", "停车管理", "垃圾清运", "路灯维修", "违章建筑", "老旧小区改造"];

    public static readonly string[] Surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄"];
}
