using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ColumnName = Pipeline.Core.Sheets.ColumnName;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Adapters.SubmissionTemplates;

/// <summary>
/// A submission template as an .xlsx, written with the Open XML SDK: the data sheet (title, header, frozen panes,
/// column widths and formats, pre-filled rows, drop-downs), the instructions sheet and a hidden sheet holding the
/// drop-downs' lists. Deterministic: fixed relationship ids and timestamps, so the same template gives the same bytes.
/// </summary>
public static class SubmissionTemplateWorkbook
{
    /// <summary>The hidden sheet with one column per drop-down list, named so data validations can refer to it.</summary>
    public const string ChoicesSheet = "选项";

    // Excel's last row: a drop-down applies however many rows a clerk adds.
    private const int LastRow = 1_048_576;

    private static class Style
    {
        public const uint Title = 1;
        public const uint RequiredHeader = 2;
        public const uint OptionalHeader = 3;
        public const uint Text = 4;
        public const uint DateTime = 5;
        public const uint Wrapped = 6;
    }

    public static byte[] Write(SubmissionTemplate template)
    {
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            // Explicit ids and a core-properties part of our own: the SDK would name both at random.
            var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            WriteCoreProperties(document.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2"), template.Title);
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>("rId1");
            styles.Stylesheet = Stylesheet();
            var data = workbookPart.AddNewPart<WorksheetPart>("rId2");
            var instructions = workbookPart.AddNewPart<WorksheetPart>("rId3");
            var choices = workbookPart.AddNewPart<WorksheetPart>("rId4");

            var lists = template.Columns.Where(c => c.Choices is not null).ToList();
            data.Worksheet = DataSheet(template);
            instructions.Worksheet = InstructionsSheet(template);
            choices.Worksheet = ChoicesWorksheet(lists.Select(c => c.Choices!.Values).ToList());
            workbookPart.Workbook = new Workbook(
                new BookViews(new WorkbookView { ActiveTab = 0 }),
                new Sheets(
                    new Sheet { Name = SubmissionTemplate.DataSheet, SheetId = 1, Id = "rId2" },
                    new Sheet { Name = SubmissionTemplate.InstructionsSheet, SheetId = 2, Id = "rId3" },
                    new Sheet { Name = ChoicesSheet, SheetId = 3, Id = "rId4", State = SheetStateValues.Hidden }),
                new DefinedNames(lists.Select((c, i) => new DefinedName($"'{ChoicesSheet}'!${ColumnName.FromIndex(i)}$1:${ColumnName.FromIndex(i)}${c.Choices!.Values.Count}")
                {
                    Name = ListName(c),
                })));
        }

        return Normalized(package);
    }

    private static Worksheet DataSheet(SubmissionTemplate template)
    {
        var last = ColumnName.FromIndex(template.Columns.Count - 1);
        var rows = new SheetData(
            new Row(TextCell($"A{SubmissionTemplate.TitleRow}", template.Title, Style.Title)) { RowIndex = SubmissionTemplate.TitleRow, Height = 24, CustomHeight = true },
            new Row(template.Columns.Select((c, i) => TextCell($"{ColumnName.FromIndex(i)}{SubmissionTemplate.HeaderRowNumber}", c.Header, c.Required ? Style.RequiredHeader : Style.OptionalHeader)))
            {
                RowIndex = SubmissionTemplate.HeaderRowNumber,
            });
        var number = (uint)SubmissionTemplate.HeaderRowNumber;
        foreach (var values in template.Rows)
        {
            number++;
            rows.Append(new Row(template.Columns
                .Select((c, i) => (Column: c, Letters: ColumnName.FromIndex(i)))
                .Where(c => values.ContainsKey(c.Column.Field))
                .Select(c => TextCell($"{c.Letters}{number}", values[c.Column.Field], ColumnStyle(c.Column.Format) ?? 0)))
            {
                RowIndex = number,
            });
        }

        var firstData = SubmissionTemplate.HeaderRowNumber + 1;
        var validations = template.Columns
            .Select((c, i) => (Column: c, Letters: ColumnName.FromIndex(i)))
            .Where(c => c.Column.Choices is not null)
            .Select(c => new DataValidation(new Formula1(ListName(c.Column)))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorStyle = c.Column.Choices!.Strict ? DataValidationErrorStyleValues.Stop : DataValidationErrorStyleValues.Warning,
                ErrorTitle = c.Column.Header,
                Error = c.Column.Choices.Strict ? "请从下拉列表中选择。" : "不在下拉列表中：确认后仍可填写。",
                SequenceOfReferences = new ListValue<StringValue>([new StringValue($"{c.Letters}{firstData}:{c.Letters}{LastRow}")]),
            })
            .ToList();

        var sheet = new Worksheet(
            new SheetViews(new SheetView(
                new Pane
                {
                    VerticalSplit = SubmissionTemplate.HeaderRowNumber, TopLeftCell = $"A{firstData}",
                    ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{firstData}", SequenceOfReferences = new ListValue<StringValue>([new StringValue($"A{firstData}")]) })
            {
                TabSelected = true, WorkbookViewId = 0,
            }),
            new Columns(template.Columns.Select((c, i) => new Column
            {
                Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true, Style = ColumnStyle(c.Format),
            })),
            rows,
            new MergeCells(new MergeCell { Reference = $"A{SubmissionTemplate.TitleRow}:{last}{SubmissionTemplate.TitleRow}" }));
        if (validations.Count > 0)
        {
            sheet.Append(new DataValidations(validations) { Count = (uint)validations.Count });
        }

        return sheet;
    }

    /// <summary>Title, creator and the fixed <see cref="SubmissionTemplate.Timestamp"/> as created and modified.</summary>
    private static void WriteCoreProperties(CoreFilePropertiesPart part, string title)
    {
        const string Cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
        const string Dc = "http://purl.org/dc/elements/1.1/";
        const string Terms = "http://purl.org/dc/terms/";
        const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
        var at = SubmissionTemplate.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var stream = part.GetStream(FileMode.Create);
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartElement("cp", "coreProperties", Cp);
        xml.WriteAttributeString("xmlns", "dc", null, Dc);
        xml.WriteAttributeString("xmlns", "dcterms", null, Terms);
        xml.WriteAttributeString("xmlns", "xsi", null, Xsi);
        xml.WriteElementString("title", Dc, title);
        xml.WriteElementString("creator", Dc, "Pipeline");
        foreach (var name in new[] { "created", "modified" })
        {
            xml.WriteStartElement(name, Terms);
            xml.WriteAttributeString("type", Xsi, "dcterms:W3CDTF");
            xml.WriteString(at);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static Worksheet InstructionsSheet(SubmissionTemplate template) => new(
        new Columns(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true, Style = Style.Wrapped }),
        new SheetData(template.Instructions.Select((line, i) => new Row(TextCell($"A{i + 1}", line, i == 0 ? Style.Title : Style.Wrapped))
        {
            RowIndex = (uint)(i + 1),
        })));

    private static Worksheet ChoicesWorksheet(IReadOnlyList<IReadOnlyList<string>> lists) => new(new SheetData(
        Enumerable.Range(0, lists.Select(l => l.Count).DefaultIfEmpty(0).Max()).Select(r => new Row(lists
            .Select((list, c) => (List: list, Letters: ColumnName.FromIndex(c)))
            .Where(l => r < l.List.Count)
            .Select(l => TextCell($"{l.Letters}{r + 1}", l.List[r], Style.Text)))
        {
            RowIndex = (uint)(r + 1),
        })));

    private static Cell TextCell(string reference, string text, uint style) => new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style == 0 ? null : style,
    };

    private static uint? ColumnStyle(TemplateCellFormat format) => format switch
    {
        TemplateCellFormat.Text => Style.Text,
        TemplateCellFormat.DateTime => Style.DateTime,
        _ => null,
    };

    private static string ListName(TemplateColumn column) => $"choices_{column.Field.Key}";

    private static Stylesheet Stylesheet()
    {
        Font Font(bool bold = false, double size = 11) => new(new OpenXmlElement[]
        {
            new Bold(), new FontSize { Val = size }, new FontName { Val = "等线" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 },
        }.Skip(bold ? 0 : 1));
        Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }) { PatternType = PatternValues.Solid });
        BorderPropertiesType Thin<T>() where T : BorderPropertiesType, new() => new T { Style = BorderStyleValues.Thin };
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm:ss" }) { Count = 1 },
            new Fonts(Font(), Font(bold: true), Font(bold: true, size: 14)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid("FFFCE4D6"), Solid("FFDDEBF7")) { Count = 4 },
            new Borders(new Border(), new Border(Thin<LeftBorder>(), Thin<RightBorder>(), Thin<TopBorder>(), Thin<BottomBorder>(), new DiagonalBorder())) { Count = 2 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 2, ApplyFont = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }) { FontId = 1, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }) { FontId = 1, FillId = 3, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }) { Count = 7 });
    }

    /// <summary>The package again with every entry's time fixed: the zip records when each part was written.</summary>
    private static byte[] Normalized(MemoryStream package)
    {
        package.Position = 0;
        using var output = new MemoryStream();
        using (var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = SubmissionTemplate.Timestamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
