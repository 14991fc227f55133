namespace Pipeline.Core.Validation;

/// <summary>Findings about a sheet's structure, its rows and their values. Codes are stable; messages are Chinese / English.</summary>
public sealed class SheetFindings(string file, string? sheet)
{
    public Finding NoHeader() => new(file, sheet, null, null, "file.no-header",
        "未找到可识别的表头：请使用小区物业台账、诉求办理统计或 12345 工单明细的模板列名 / No recognisable header row: use the column headers of the compound roster, appeal counts or 12345 ticket export template");

    public Finding MissingColumn(int row, string label) => new(file, sheet, row, label, "header.missing-column",
        $"缺少必填列“{label}” / Required column \"{label}\" is missing");

    public Finding MissingStreetColumn(int row) => new(file, sheet, row, "街道", "header.missing-column",
        "缺少街乡列：请提供“街道”或“街乡代码”列 / No street column: add a \"街道\" (street name) or \"街乡代码\" (street code) column");

    public Finding DuplicateColumn(int row, string header) => new(file, sheet, row, header, "header.duplicate-column",
        $"列“{header}”出现了两次 / Column \"{header}\" appears twice");

    public Finding NoRows() => new(file, sheet, null, null, "file.no-rows",
        "表头下没有数据行 / There are no data rows below the header");

    public Finding Required(int row, string column) => new(file, sheet, row, column, "value.required",
        $"“{column}”不能为空 / \"{column}\" must not be empty");

    public Finding NotBoolean(int row, string column, string text) => new(file, sheet, row, column, "value.boolean",
        $"“{Quote(text)}”不是是/否值（可填 是/否、有/无、√/×） / \"{Quote(text)}\" is not a yes/no value (use 是/否, 有/无 or √/×)");

    public Finding NotCount(int row, string column, string text, string why) => new(file, sheet, row, column, "value.count",
        $"“{Quote(text)}”{why} / \"{Quote(text)}\" is not a whole number of zero or more");

    public Finding NotPeriod(int row, string column, string text) => new(file, sheet, row, column, "value.period",
        $"“{Quote(text)}”不是有效的月份（如 2020-12 或 2020年12月） / \"{Quote(text)}\" is not a month (write 2020-12 or 2020年12月)");

    public Finding AmbiguousPeriod(int row, string column, string number) => new(file, sheet, row, column, "value.period-ambiguous",
        $"月份写成了数字 {Quote(number)}，无法确定是哪个月（2020.1 可能是 1 月，也可能是输入 2020.10 时丢了末尾的 0）；请将该列设为文本并写成 2020-10 或 2020年10月 / " +
        $"The month is the number {Quote(number)}, which can be read two ways (2020.1 is January, or 2020.10 typed and its last 0 dropped); format the column as text and write 2020-10 or 2020年10月");

    public Finding NotDateTime(int row, string column, string text) => new(file, sheet, row, column, "value.datetime",
        $"“{Quote(text)}”不是有效的日期时间（如 2020-12-01 08:30） / \"{Quote(text)}\" is not a date and time (write 2020-12-01 08:30)");

    public Finding NotRate(int row, string column, string text) => new(file, sheet, row, column, "value.rate",
        $"“{Quote(text)}”不是有效的比率（如 95.02% 或 0.9502） / \"{Quote(text)}\" is not a rate (write 95.02% or 0.9502)");

    public Finding UnknownStreet(int row, string column, string text, string district) => new(file, sheet, row, column, "street.unknown",
        $"“{Quote(text)}”不是{district}的街乡镇 / \"{Quote(text)}\" is not a street or town of {district}");

    /// <summary>A street or community not in force in the row's period; the message names what it is then.</summary>
    public Finding OutOfForce(int row, string column, string message) => new(file, sheet, row, column, "division.out-of-force", message);

    /// <summary>A row of an export that named an ended unit, counted for the one unit it became.</summary>
    public Finding Attributed(int row, string column, string message) => new(file, sheet, row, column, "division.attributed", message)
    {
        Severity = FindingSeverity.Warning,
    };

    public Finding OutsideFolder(int row, string column, string folderStreet, string rowStreet) => new(file, sheet, row, column, "street.outside-folder",
        $"文件在{folderStreet}的文件夹中，但此行是{rowStreet}的数据 / The file is in the folder of {folderStreet}, but this row is for {rowStreet}");

    public Finding PeriodMismatch(int row, string column, string rowPeriod, string folderPeriod) => new(file, sheet, row, column, "period.mismatch",
        $"填报周期 {rowPeriod} 与上传文件夹的月份 {folderPeriod} 不一致 / The reporting month {rowPeriod} differs from the upload folder's month {folderPeriod}");

    public Finding FuturePeriod(int row, string column, string period, string current) => new(file, sheet, row, column, "value.period",
        $"月份 {period} 晚于当前月份 {current} / The month {period} is after the current month {current}");

    public Finding StreetMismatch(int row, string column, string code, string name) => new(file, sheet, row, column, "street.mismatch",
        $"街乡代码 {Quote(code)} 与名称“{Quote(name)}”不一致 / Street code {Quote(code)} does not match the name \"{Quote(name)}\"");

    public Finding CommunityCode(int row, string column, string code, string street) => new(file, sheet, row, column, "community.code",
        $"社区代码“{Quote(code)}”不是 12 位数字或不属于{street} / Community code \"{Quote(code)}\" is not 12 digits inside {street}");

    public Finding Duplicate(int row, string column, string value, int firstRow) => new(file, sheet, row, column, "row.duplicate",
        $"“{Quote(value)}”与第 {firstRow} 行重复 / \"{Quote(value)}\" repeats row {firstRow}");

    public Finding MissingPeriod(FindingSeverity severity) => new(file, sheet, null, "填报周期", "period.missing",
        "无法确定填报周期：请增加“填报周期”列，或上传到以月份命名的文件夹（如 uploads/2020-12/），或使用 --period 2020-12 / No reporting period: add a 填报周期 column, upload into a folder named after the month (uploads/2020-12/), or pass --period 2020-12")
    {
        Severity = severity,
    };

    public Finding NotChoice(int row, string column, string text, IReadOnlyList<string> options) => new(file, sheet, row, column, "value.choice",
        $"“{Quote(text)}”应为 {string.Join("、", options)} 之一 / \"{Quote(text)}\" must be one of {string.Join(", ", options)}");

    public Finding NotDecimal(int row, string column, string text) => new(file, sheet, row, column, "value.number",
        $"“{Quote(text)}”不是数字 / \"{Quote(text)}\" is not a number");

    public Finding OutOfRange(int row, string column, string text, double? min, double? max) => new(file, sheet, row, column, "value.range",
        $"“{Quote(text)}”超出范围 {Bound(min)}–{Bound(max)} / \"{Quote(text)}\" is outside {Bound(min)}–{Bound(max)}");

    public Finding TooLong(int row, string column, int length) => new(file, sheet, row, column, "value.too-long",
        $"“{column}”最多 {length} 个字 / \"{column}\" is at most {length} characters");

    /// <summary>A row check of the form's catalog that the row does not meet, in the catalog's words with the row's values.</summary>
    public Finding Check(int row, string? column, string code, string message, FindingSeverity severity) => new(file, sheet, row, column, code, message)
    {
        Severity = severity,
    };

    public Finding TooManyFindings(int shown) => new(file, sheet, null, null, "file.too-many-findings",
        $"问题过多，仅列出前 {shown} 条 / Too many problems: only the first {shown} are listed");

    private static string Bound(double? bound) => bound?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "…";

    internal static string Percent(double rate) => rate.ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Text from the file (a cell, an address, a part name) quoted in a message: one line, at most 60 characters.</summary>
    internal static string Quote(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 57), "...");
    }
}
