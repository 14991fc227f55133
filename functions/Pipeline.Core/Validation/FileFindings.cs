using System.Globalization;
using Pipeline.Core.Closing;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Validation;

/// <summary>Findings about a file as a whole or one of its cells, raised while it is read.</summary>
public static class FileFindings
{
    public const string PeriodClosedCode = "period.closed";

    public static Finding PeriodClosed(string file, string period, ClosingEvent close)
    {
        var at = Timestamps.Beijing(close.At);
        return new(file, null, null, null, PeriodClosedCode,
            $"{period} 已于 {at}（北京时间）封账为正式版 v{close.Version}，不再接收报送；如需更正，请联系区里重新开放该期后再报 / " +
            $"{period} was closed as official version {close.Version} on {at} (Beijing time) and takes no more uploads; " +
            "to correct it, ask the district office to reopen the period, then upload again");
    }

    public const string CatalogInvalidCode = "catalog.invalid";

    /// <summary>A form catalog's problem as a finding: the form and field in the column, the problem in the message.</summary>
    public static Finding CatalogProblem(string file, string? form, string field, string problem) =>
        new(file, form, null, field, CatalogInvalidCode,
            $"表单目录有误{(form is null ? "" : $"（表 {form}）")}：{field} {problem} / The form catalog is not valid{(form is null ? "" : $" (form {form})")}: {field}: {problem}");

    public static Finding CatalogVersionTaken(string file, string why) =>
        new(file, null, null, "version", "catalog.version-taken", $"表单目录版本号已被使用：{why} / The catalog's version is taken: {why}");

    public static Finding DivisionProblem(string file, string unit, string field, string problem) =>
        new(file, null, null, field, "divisions.invalid", $"区划名录有误：{unit} {field} {problem} / The registry is not valid: {unit}, {field}: {problem}");

    public static Finding DivisionsRefused(string file, string why) =>
        new(file, null, null, "version", "divisions.refused", $"区划名录不能发布：{why} / The registry cannot be published: {why}");

    public static Finding TooLarge(string file, long bytes, long limit) =>
        new(file, null, null, null, "file.too-large",
            $"文件大小 {Megabytes(bytes)} 超过上限 {Megabytes(limit)}，请拆分后上传 / The file is {Megabytes(bytes)}, over the {Megabytes(limit)} limit; split it and upload the parts");

    public static Finding UnknownType(string file) =>
        new(file, null, null, null, "file.unknown-type",
            "不支持的文件类型，请上传 .xlsx、.xls 或 .csv 文件 / Unsupported file type: upload an .xlsx, .xls or .csv file");

    public static Finding LegacyExcel(string file) =>
        new(file, null, null, null, "file.unknown-type",
            "这是 Excel 95 或更早版本的 .xls 文件，无法读取；请在 Excel 或 WPS 中“另存为” .xlsx（Excel 工作簿）后上传 / " +
            "This is an .xls from Excel 95 or earlier, which cannot be read: in Excel or WPS use Save As, Excel Workbook (.xlsx), then upload that");

    public static Finding WpsSheet(string file) =>
        new(file, null, null, null, "file.unknown-type",
            "这是 WPS 表格自有格式的 .et 文件，无法读取；请在 WPS 中“文件 → 另存为”，文件类型选“Excel 文件 (*.xlsx)”后上传 / " +
            "This .et file is in WPS Spreadsheets' own format, which cannot be read: in WPS use File, Save As, type Excel Workbook (*.xlsx), then upload that");

    public const string TooSlowCode = "file.too-slow";

    public const string TooComplexCode = "file.too-complex";

    public static Finding TooSlow(string file, TimeSpan limit) =>
        new(file, null, null, null, TooSlowCode,
            $"读取超过 {limit.TotalSeconds:0} 秒的时限仍未完成，已停止；文件可能被改动过或结构异常，请用 Excel 重新保存为 .xlsx 后上传 / " +
            $"Reading did not finish within its limit of {limit.TotalSeconds:0} s and was stopped: the file may have been altered or be built strangely; save it again in Excel as .xlsx and upload that");

    public static Finding TooComplex(string file, string? sheet, int? row, SpreadsheetLimit limit, long max)
    {
        var (chinese, english) = limit switch
        {
            SpreadsheetLimit.Sheets => ("工作表", "sheets"),
            SpreadsheetLimit.SharedStrings => ("共享字符串", "shared strings"),
            SpreadsheetLimit.SharedStringCharacters => ("共享字符串字符", "characters of shared strings"),
            SpreadsheetLimit.MergedRanges => ("合并单元格区域", "merged ranges"),
            SpreadsheetLimit.CellStyles => ("单元格格式", "cell formats"),
            SpreadsheetLimit.NumberFormats => ("数字格式", "number formats"),
            SpreadsheetLimit.XmlDepth => ("层嵌套的 XML 元素", "levels of nested XML elements"),
            SpreadsheetLimit.CellsPerRow => ("个单元格（一行之内）", "cells in one row"),
            _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit without a name."),
        };
        var count = Thousands(max);
        return new(file, sheet, row, null, TooComplexCode,
            $"文件结构过于复杂：超过 {count} {chinese}的上限，已拒绝；请将数据复制到新的工作簿并另存为 .xlsx 后上传 / " +
            $"The file is too complex to read: more than {count} {english}, the limit; copy the data into a new workbook, save it as .xlsx and upload that");
    }

    public static Finding Encrypted(string file) =>
        new(file, null, null, null, "file.encrypted",
            "工作簿受密码保护，请取消密码后上传 / The workbook is password-protected: remove the password, then upload it");

    public static Finding Corrupt(string file, string? sheet = null) =>
        new(file, sheet, null, null, "file.corrupt",
            "文件已损坏，无法读取，请重新导出后上传 / The file is damaged and cannot be read: export it again and upload the new copy");

    public static Finding DuplicateEntries(string file, string entry) =>
        new(file, null, null, null, "file.duplicate-entries",
            $"文件中有重名的内部条目（{entry}），可能被篡改，已拒绝；请用 Excel 重新保存后上传 / The file holds two entries named {entry}, a sign of tampering, and was refused; save it again in Excel and upload that copy");

    public static Finding ZipBomb(string file) =>
        new(file, null, null, null, "file.zip-bomb",
            "文件解压后的大小异常，已拒绝 / The file unpacks to an implausible size and was refused");

    public static Finding TooManyRows(string file, string sheet, int row, int limit) =>
        new(file, sheet, row, null, "file.too-many-rows",
            $"行数超过上限 {Thousands(limit)} 行 / More than {Thousands(limit)} rows");

    public static Finding CellTooLong(string file, string sheet, int row, string column, int limit) =>
        new(file, sheet, row, column, "cell.too-long",
            $"单元格超过 {Thousands(limit)} 个字符 / The cell holds more than {Thousands(limit)} characters");

    public static Finding UnknownEncoding(string file) =>
        new(file, null, null, null, "file.encoding",
            "无法识别文件编码：CSV 须为 UTF-8、GBK/GB18030 或带 BOM 的 UTF-16；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后上传 / " +
            "The text encoding is not recognised: a CSV must be UTF-8, GBK/GB18030 or UTF-16 with a byte order mark; in Excel use Save As, CSV UTF-8 (Comma delimited), then upload that");

    public static Finding ControlCharacter(string file, string sheet, int row, string column, char character) =>
        new(file, sheet, row, column, "cell.control-character",
            $"单元格含有控制字符 {CharacterName(character)}，CSV 文本中不应出现，文件可能不完整或不是文本；请从 Excel 重新导出后上传 / " +
            $"The cell holds the control character {CharacterName(character)}, which CSV text never has: the file may be incomplete or not text; export it again from Excel and upload that");

    public static Finding TooManyColumns(string file, string sheet, int row, int limit) =>
        new(file, sheet, row, null, "file.too-many-columns",
            $"列数超过上限 {Thousands(limit)} 列（Excel 的最后一列）/ More than {Thousands(limit)} columns (Excel's last column)");

    public static Finding AddressOutOfRange(string file, string sheet, int? row, string address, string lastCell) =>
        new(file, sheet, row, null, "cell.address",
            $"地址“{SheetFindings.Quote(address)}”超出 Excel 的表格范围（最后一格为 {lastCell}），文件可能被改动过；请用 Excel 重新保存后上传 / " +
            $"The address \"{SheetFindings.Quote(address)}\" is outside Excel's grid, which ends at {lastCell}: the file may have been altered; save it again in Excel and upload that copy");

    public static Finding AddressInvalid(string file, string sheet, int? row, string address) =>
        new(file, sheet, row, null, "cell.address",
            $"“{SheetFindings.Quote(address)}”不是有效的单元格地址，文件可能被改动过；请用 Excel 重新保存后上传 / " +
            $"\"{SheetFindings.Quote(address)}\" is not a cell address: the file may have been altered; save it again in Excel and upload that copy");

    public static Finding MissingPart(string file, string? sheet, string part) =>
        new(file, sheet, null, null, "file.missing-part",
            $"文件缺少必需的部件 {SheetFindings.Quote(part)}，不是完整的 Excel 工作簿；请用 Excel 重新保存后上传 / " +
            $"The file lacks its required part {SheetFindings.Quote(part)}, so it is no whole Excel workbook: save it again in Excel and upload that copy");

    /// <summary>A street's folder, by code or name, of a street not in force in the upload's month; the message names what it is then.</summary>
    public static Finding StreetFolderOutOfForce(string file, string folder, (string Zh, string En) why) =>
        new(file, null, null, null, "division.out-of-force", $"文件夹“{folder}”：{why.Zh} / The folder \"{folder}\": {why.En}");

    public static Finding UnknownStreetFolder(string file, string folder, string district) =>
        new(file, null, null, null, "street.unknown",
            $"文件夹“{folder}”不是{district}街乡镇的代码 / The folder \"{folder}\" is not the code of a street or town of {district}");

    public static Finding TwoStreetFolders(string file, string first, string second) =>
        new(file, null, null, null, "street.outside-folder",
            $"上传路径同时含有{first}和{second}的文件夹，请上传到本街乡镇的文件夹 / The upload path holds the folders of both {first} and {second}: upload into your own street's folder");

    public static Finding NoOwnerFolder(string file, string districtCode) =>
        new(file, null, null, null, "path.no-owner-folder",
            $"请上传到本街乡镇代码命名的文件夹（如 110115003000/2020-12/），区级文件上传到 {districtCode}/ / Upload into your street's folder named by its code (e.g. 110115003000/2020-12/), district files into {districtCode}/");

    public static Finding FuturePeriod(string file, string period, string current) =>
        new(file, null, null, null, "value.period",
            $"填报周期 {period} 晚于当前月份 {current} / The reporting month {period} is after the current month {current}");

    public static Finding TooManyPeriods(string file, int periods, int limit) =>
        new(file, null, null, null, "file.too-many-periods",
            $"文件涉及 {periods} 个月份，超过上限 {limit} 个，请按月份拆分 / The file covers {periods} months, over the limit of {limit}: split it by month");

    private static string Megabytes(long bytes) =>
        (bytes / 1024.0 / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    private static string CharacterName(char c) => c == '\0' ? "U+0000 (NUL)" : $"U+{(int)c:X4}";

    private static string Thousands(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
