using System.Diagnostics;
using System.Globalization;
using System.Xml;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// One worksheet part, streamed row by row with an XML reader; no row is held after it is yielded. Elements are found
/// by depth, as the schema fixes it: worksheet 0, sheetData 1, row 2, c 3.
/// </summary>
internal sealed class XlsxWorksheet(XlsxWorkbook workbook, string name, string part)
{
    public Sheet ToSheet() =>
        new(name, ContentFailures.Guard(ReadRows(), workbook.Budget, () => FileFindings.Corrupt(workbook.File, name)));

    private IEnumerable<SheetRow> ReadRows()
    {
        MergedRanges merges;
        using (var firstPass = workbook.Package.OpenXml(part, name))
        {
            merges = MergedRanges.Read(firstPass, workbook.Budget, name);
        }

        var guard = new SheetGuard(name, workbook.Budget);
        using var reader = workbook.Package.OpenXml(part, name);
        while (reader.Read() && !(reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "sheetData"))
        {
            // What comes before the rows (dimension, views, column widths) is layout.
        }

        if (reader.EOF || reader.IsEmptyElement)
        {
            yield break;
        }

        var previous = 0;
        while (reader.Read() && reader.Depth > 1)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && reader.LocalName == "row")
            {
                var row = ReadRow(reader, previous, guard, merges);
                previous = row.Number;
                yield return row;
            }
        }
    }

    /// <summary>Reads a &lt;row&gt; and its cells, leaving the reader on its end.</summary>
    private SheetRow ReadRow(XmlReader reader, int previous, SheetGuard guard, MergedRanges merges)
    {
        // Rows and cells without an address follow the one before, as Excel reads them; a wrong address is refused.
        var number = previous + 1;
        if (reader.GetAttribute("r") is { } rowAddress)
        {
            guard.CheckAddress(CellReference.ParseRow(rowAddress, out number), null, rowAddress);
        }

        guard.CountRow(number);
        var cells = new RowBuilder();
        if (!reader.IsEmptyElement)
        {
            var column = -1;
            var listed = 0;
            while (reader.Read() && reader.Depth > 2)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 3 && reader.LocalName == "c")
                {
                    if (reader.GetAttribute("r") is { } address)
                    {
                        guard.CheckAddress(CellReference.Parse(address, out column, out _), number, address);
                    }
                    else
                    {
                        column++;
                    }

                    guard.CheckColumn(number, column);
                    var cell = ReadCell(reader);
                    guard.CheckLength(number, column, cell.Text.Length);
                    cells.Add(column, cell);
                    guard.CountCell(number, ++listed);
                }
            }
        }

        merges.Apply(number, cells);
        return cells.Build(number);
    }

    /// <summary>Reads a &lt;c&gt;, leaving the reader on its end. Formulas are not evaluated: their cached value is the cell.</summary>
    private Cell ReadCell(XmlReader reader)
    {
        var type = reader.GetAttribute("t");
        var style = reader.GetAttribute("s");
        string? value = null;
        string? inline = null;
        if (!reader.IsEmptyElement)
        {
            reader.Read();
            while (reader.Depth > 3)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                else if (reader.LocalName == "v")
                {
                    value = reader.ReadElementContentAsString();
                }
                else if (reader.LocalName == "is")
                {
                    inline = SharedStrings.ReadItem(reader, workbook.Limits.MaxCellCharacters);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return type switch
        {
            // A styled empty cell (<c t="s"/> or <v/>, as ClosedXML writes them) refers to no string: it is empty.
            "s" => string.IsNullOrWhiteSpace(value) ? Cell.Empty : Cell.FromText(workbook.SharedStrings[value.Trim()]),
            "inlineStr" => Cell.FromText(inline ?? SharedStrings.Unescape(value ?? "")),
            "str" => Cell.FromText(SharedStrings.Unescape(value ?? "")),
            "b" => Boolean(value),
            "e" => InvisibleCharacters.Strip(value) is { Length: > 0 } error ? new Cell(CellKind.Error, error) : Cell.Empty,
            "d" => string.IsNullOrWhiteSpace(value) ? Cell.Empty : DateText(value),
            null or "n" => Number(value, style),
            _ => Cell.FromText(value),
        };
    }

    private Cell Number(string? value, string? style)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Cell.Empty;
        }

        // Keep the number as written ("1234.5"); something that is not one stays text rather than being lost.
        var text = value.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return Cell.FromText(value);
        }

        var format = workbook.Styles.Of(style);
        Cell? temporal = format.Temporal switch
        {
            Temporal.Date => ExcelDate.ToIso(number, workbook.Date1904) is { } iso ? new Cell(CellKind.Date, iso) : null,
            Temporal.TimeOfDay => ExcelDate.TimeOfDay(number) is { } time ? new Cell(CellKind.Time, time) : null,
            Temporal.Duration => ExcelDate.Duration(number) is { } duration ? new Cell(CellKind.Time, duration) : null,
            Temporal.None => null,
            _ => throw new UnreachableException($"Number format kind {format.Temporal} has no reading."),
        };
        return temporal ?? Cell.Number(text, format.Display?.Show(number));
    }

    private static Cell DateText(string value) => ExcelDate.FromIso(value.Trim()) switch
    {
        { TimeOnly: true } time => new Cell(CellKind.Time, time.Text),
        { } date => new Cell(CellKind.Date, date.Text),
        null => Cell.FromText(value),
    };

    private static Cell Boolean(string? value) => value?.Trim() switch
    {
        "1" or "true" => new Cell(CellKind.Boolean, "TRUE"),
        "0" or "false" => new Cell(CellKind.Boolean, "FALSE"),
        var other => Cell.FromText(other),
    };
}
