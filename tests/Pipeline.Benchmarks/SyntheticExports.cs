using System.Globalization;
using System.Text;
using NPOI.HSSF.UserModel;
using NPOI.SS.UserModel;
using Pipeline.Core.Divisions;
using Pipeline.Samples;
using Pipeline.Testing.Spreadsheets;

namespace Pipeline.Benchmarks;

/// <summary>The same synthetic 12345 export of N tickets written as xlsx, csv and legacy xls (the rows are seeded, so every format holds the same cells).</summary>
public static class SyntheticExports
{
    /// <summary>An Excel 97–2003 sheet ends at row 65,536: a longer export continues on further sheets, each with the header.</summary>
    public const int XlsRowsPerSheet = 65_535;

    public static void WriteXlsx(DivisionRegistry registry, string path, int tickets, DateTime month)
    {
        using var file = File.Create(path);
        using var workbook = XlsxWriter.Create(file);
        workbook.AddSheet("工单明细");
        workbook.WriteRow(TicketExport.Header);
        foreach (var row in Rows(registry, tickets, month))
        {
            workbook.WriteRow(row);
        }
    }

    public static void WriteCsv(DivisionRegistry registry, string path, int tickets, DateTime month)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(true));
        writer.WriteLine(string.Join(',', TicketExport.Header));
        foreach (var row in Rows(registry, tickets, month))
        {
            writer.WriteLine(string.Join(',', row.Select(cell => cell switch
            {
                DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                null => "",
                _ => cell.ToString(),
            })));
        }
    }

    /// <summary>Written with NPOI's HSSF writer, an implementation independent of the readers measured.</summary>
    public static void WriteXls(DivisionRegistry registry, string path, int tickets, DateTime month)
    {
        var workbook = new HSSFWorkbook();
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("yyyy-mm-dd hh:mm:ss");
        ISheet? sheet = null;
        var rowIndex = 0;
        foreach (var row in Rows(registry, tickets, month))
        {
            if (sheet is null || rowIndex > XlsRowsPerSheet)
            {
                sheet = workbook.CreateSheet(workbook.NumberOfSheets == 0 ? "工单明细" : $"工单明细{workbook.NumberOfSheets + 1}");
                WriteXlsRow(sheet.CreateRow(0), TicketExport.Header, dateStyle);
                rowIndex = 1;
            }

            WriteXlsRow(sheet.CreateRow(rowIndex++), row, dateStyle);
        }

        using var file = File.Create(path);
        workbook.Write(file);
    }

    private static void WriteXlsRow(IRow target, object?[] cells, ICellStyle dateStyle)
    {
        for (var column = 0; column < cells.Length; column++)
        {
            switch (cells[column])
            {
                case null:
                    break;
                case DateTime at:
                    var cell = target.CreateCell(column);
                    cell.SetCellValue(at);
                    cell.CellStyle = dateStyle;
                    break;
                case var value:
                    target.CreateCell(column).SetCellValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static IEnumerable<object?[]> Rows(DivisionRegistry registry, int tickets, DateTime month) =>
        TicketExport.Rows([.. registry.Streets.Select(s => s.Name)], tickets, month, new Random(1));
}
