using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;

namespace Pipeline.Core.SubmissionTemplates;

/// <summary>The instructions sheet of a template (填写说明), one line a row, in Chinese, from the template's own columns.</summary>
internal static class TemplateInstructions
{
    public static IReadOnlyList<string> For(FormDefinition form, string title, IReadOnlyList<TemplateColumn> columns, DivisionRegistry registry, Street? street, int prefilled)
    {
        var streetLabel = form.Columns.FirstOrDefault(c => c.Type == ColumnType.Street)?.Label.Zh ?? "街道";
        var lines = new List<string>
        {
            title,
            "",
            Statement(form),
            $"请在“{SubmissionTemplate.DataSheet}”工作表第 {SubmissionTemplate.HeaderRowNumber + 1} 行起填写；第 {SubmissionTemplate.HeaderRowNumber} 行是表头，请勿修改、删除或调换表头。" +
                $"表头上方最多可有 {FormHeader.MaxTitleRows - 1} 行标题。空行和合计行不计。",
            street is null
                ? $"“{streetLabel}”请从下拉列表选择{registry.DistrictName}的街乡镇；上传到本街道的文件夹（街道代码或名称，如 {registry.Streets[0].Code}/ 或 {registry.Streets[0].Name}/）。"
                : $"本模板是{street.Name}的模板：“{streetLabel}”只能填 {street.Name}；上传到本街道的文件夹（{street.Code}/ 或 {street.Name}/）。",
        };
        if (form.Statement == Forms.Statement.Replace && form.Columns.FirstOrDefault(c => c.Type == ColumnType.Period) is { } periodColumn)
        {
            lines.Add($"“{periodColumn.Label.Zh}”写作 YYYY-MM（如 2020-12）；留空时按上传路径中的月份文件夹（如 2020-12/）计。");
        }

        if (prefilled > 0)
        {
            lines.Add($"已按区划名录预填本街道 {prefilled} 个{form.RowNoun.Zh}，请逐行填写；没有的{form.RowNoun.Zh}可删去整行，名录外的{form.RowNoun.Zh}可在下方添加。");
        }

        lines.AddRange(form.Guidance.Select(line => line.Zh));
        if (form.Columns.Where(c => c.Computed).Select(c => c.Label.Zh).ToList() is { Count: > 0 } computed)
        {
            lines.Add($"{string.Join("、", computed)}由系统计算，不必填写。");
        }

        if (form.Statement == Forms.Statement.Merge && form.PeriodColumn is { } dated)
        {
            lines.Add($"“{form.Column(dated)!.Label.Zh}”写作 2020-12-01 08:30:00；是/否项留空按“否”计。");
        }

        lines.Add("");
        lines.Add("各列说明：");
        foreach (var column in columns)
        {
            var choices = column.Choices switch
            {
                null => "",
                { Strict: true } c => $"；从下拉列表选择：{string.Join("、", c.Values)}",
                var c => $"；可从下拉列表选择（也可填写其他）：{string.Join("、", c.Values)}",
            };
            var description = form.Column(column.Field.Key)?.Description is { } about ? $"；{about.Zh}" : "";
            lines.Add($"“{column.Header}”：{(column.Required ? "必填" : "选填")}{choices}{description}");
        }

        lines.Add("");
        lines.Add("上传前可用 pipeline validate 文件名 检查；有问题的文件整体退回，结果会指出文件、行和列。");
        return lines;
    }

    /// <summary>What one row is and how a file states its rows, in the catalog's words.</summary>
    private static string Statement(FormDefinition form) => form.Statement switch
    {
        Forms.Statement.Replace => $"本表报送{form.Title.Zh}：每个{form.RowNoun.Zh}一行，一个街道一个月的{form.Title.Zh}整体报送，后报的文件替换先报的。",
        Forms.Statement.Merge => $"本表报送{form.Title.Zh}：每个{form.RowNoun.Zh}一行，按{string.Join("、", form.Keys[0].Select(k => form.Column(k)!.Label.Zh))}更新，" +
            $"{form.RowNoun.Zh}的月份按{form.Column(form.PeriodColumn!)!.Label.Zh}计。",
        var other => throw new ArgumentOutOfRangeException(nameof(form), other, null),
    };
}
