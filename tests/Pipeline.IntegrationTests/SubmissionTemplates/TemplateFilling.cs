using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pipeline.Core.Ingest;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using Sheet = DocumentFormat.OpenXml.Spreadsheet.Sheet;
using Pipeline.Core.Sheets;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.IntegrationTests.SubmissionTemplates;

/// <summary>Fills a template's data sheet as a clerk would in Excel, with the Open XML SDK: typed text into cells below the header.</summary>
internal static class TemplateFilling
{
    /// <param name="rows">Row number (1-based, below the header) → values by column key; a pre-filled row keeps what it holds.</param>
    public static byte[] Fill(byte[] workbook, SubmissionTemplate template, IReadOnlyDictionary<int, Dictionary<string, string>> rows)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var part = DataSheet(document);
            var data = part.Worksheet.GetFirstChild<SheetData>()!;
            foreach (var (number, values) in rows.OrderBy(r => r.Key))
            {
                var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex! == (uint)number);
                if (row is null)
                {
                    row = new Row { RowIndex = (uint)number };
                    data.Append(row);
                }

                foreach (var (column, index) in template.Columns.Select((c, i) => (c, i)))
                {
                    var reference = $"{Letters(index)}{number}";
                    if (values.TryGetValue(column.Field.Key, out var text) && !row.Elements<Cell>().Any(c => c.CellReference == reference))
                    {
                        var after = row.Elements<Cell>().LastOrDefault(c => Index(c.CellReference!) < index);
                        var cell = new Cell(new InlineString(new Text(text))) { CellReference = reference, DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString };
                        if (after is null)
                        {
                            row.PrependChild(cell);
                        }
                        else
                        {
                            after.InsertAfterSelf(cell);
                        }
                    }
                }
            }
        }

        return stream.ToArray();
    }

    public static WorksheetPart DataSheet(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == SubmissionTemplate.DataSheet);
        return (WorksheetPart)workbook.GetPartById(sheet.Id!);
    }

    public static string Letters(int index) => ColumnName.FromIndex(index);

    private static int Index(string reference) => ColumnName.ToIndex(reference);
}
