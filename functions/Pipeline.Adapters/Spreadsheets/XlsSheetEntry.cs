namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// A visible worksheet of a checked .xls workbook stream: its name as the workbook lists it, and its place among the
/// worksheets ExcelDataReader iterates (every worksheet, hidden ones included), which <c>NextResult()</c> moves to.
/// </summary>
internal sealed record XlsSheetEntry(string Name, int ResultIndex);
