using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Pipeline.Testing.Spreadsheets;

/// <summary>How <see cref="XlsxWriter"/> lays out a workbook.</summary>
public sealed record XlsxWriterOptions
{
    /// <summary>Write strings into the cells (t="inlineStr") instead of the shared string table Excel uses.</summary>
    public bool InlineStrings { get; init; }

    /// <summary>Count date serials from 1904-01-01, as old Mac workbooks do.</summary>
    public bool Date1904 { get; init; }

    public CompressionLevel Compression { get; init; } = CompressionLevel.Fastest;
}

/// <summary>
/// Writes an .xlsx row by row, streaming each sheet into the package, for tests, samples and benchmarks. The files open
/// in Excel and LibreOffice: content types, relationships, a workbook, styles with a date and a date-time format.
/// Values: strings, numbers, <see cref="DateTime"/>/<see cref="DateOnly"/> (date serials with a date style), booleans;
/// null leaves the cell out.
/// </summary>
public sealed class XlsxWriter : IDisposable, IAsyncDisposable
{
    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";

    private const string PackageRelationships =
        $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PackageRelationshipsNamespace}"><Relationship Id="rId1" Type="{RelationshipsNamespace}/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    // Index 0 is the default style, 1 a date (built-in format 14), 2 a date-time (custom format 164).
    private const string Styles =
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <styleSheet xmlns="{MainNamespace}">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """;

    private const string DateStyle = "1";
    private const string DateTimeStyle = "2";

    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    private readonly ZipArchive archive;
    private readonly XlsxWriterOptions options;
    private readonly List<string> sheetNames = [];
    private readonly Dictionary<string, int> sharedIndex = new(StringComparer.Ordinal);
    private readonly List<string> sharedStrings = [];
    private readonly List<string> merges = [];
    private XmlWriter? sheet;
    private int nextRow = 1;
    private bool finished;

    private XlsxWriter(Stream stream, XlsxWriterOptions options)
    {
        archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        this.options = options;
    }

    /// <summary>Starts a workbook on <paramref name="stream"/>, which stays open.</summary>
    public static XlsxWriter Create(Stream stream, XlsxWriterOptions? options = null) => new(stream, options ?? new());

    /// <summary>Finishes the current sheet and starts the next one.</summary>
    public XlsxWriter AddSheet(string name)
    {
        EndSheet();
        sheetNames.Add(name);
        sheet = OpenPart($"xl/worksheets/sheet{sheetNames.Count}.xml");
        sheet.WriteStartElement("worksheet", MainNamespace);
        sheet.WriteStartElement("sheetData", MainNamespace);
        nextRow = 1;
        return this;
    }

    /// <summary>Numbers the next row, leaving out the rows before it.</summary>
    public XlsxWriter StartRow(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, nextRow);
        nextRow = number;
        return this;
    }

    public XlsxWriter WriteRow(params object?[] cells)
    {
        var writer = CurrentSheet();
        writer.WriteStartElement("row", MainNamespace);
        writer.WriteAttributeString("r", Invariant(nextRow));
        for (var column = 0; column < cells.Length; column++)
        {
            if (cells[column] is { } value)
            {
                WriteCell(writer, ColumnLetters(column) + Invariant(nextRow), value);
            }
        }

        writer.WriteEndElement();
        nextRow++;
        return this;
    }

    /// <summary>Merges a range such as "A1:D1" on the current sheet.</summary>
    public XlsxWriter Merge(string range)
    {
        CurrentSheet();
        merges.Add(range);
        return this;
    }

    public void Dispose()
    {
        Finish();
        archive.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Finish();
        await archive.DisposeAsync();
    }

    private void WriteCell(XmlWriter writer, string reference, object value)
    {
        writer.WriteStartElement("c", MainNamespace);
        writer.WriteAttributeString("r", reference);
        switch (value)
        {
            case bool flag:
                writer.WriteAttributeString("t", "b");
                writer.WriteElementString("v", MainNamespace, flag ? "1" : "0");
                break;
            case DateTime or DateOnly:
                var date = value is DateOnly day ? day.ToDateTime(TimeOnly.MinValue) : (DateTime)value;
                writer.WriteAttributeString("s", date.TimeOfDay == TimeSpan.Zero ? DateStyle : DateTimeStyle);
                writer.WriteElementString("v", MainNamespace, Invariant(Serial(date)));
                break;
            case byte or short or int or long or float or double or decimal:
                writer.WriteElementString("v", MainNamespace, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            default:
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                if (options.InlineStrings)
                {
                    writer.WriteAttributeString("t", "inlineStr");
                    writer.WriteStartElement("is", MainNamespace);
                    WriteText(writer, text);
                    writer.WriteEndElement();
                }
                else
                {
                    writer.WriteAttributeString("t", "s");
                    writer.WriteElementString("v", MainNamespace, Invariant(Share(text)));
                }

                break;
        }

        writer.WriteEndElement();
    }

    private int Share(string text)
    {
        if (!sharedIndex.TryGetValue(text, out var index))
        {
            index = sharedStrings.Count;
            sharedIndex.Add(text, index);
            sharedStrings.Add(text);
        }

        return index;
    }

    private double Serial(DateTime date)
    {
        // Serials count from 1899-12-30 (1900-03-01 onwards, past Excel's phantom 1900-02-29) or from 1904-01-01.
        var epoch = options.Date1904 ? new DateTime(1904, 1, 1) : new DateTime(1899, 12, 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(date, options.Date1904 ? epoch : new DateTime(1900, 3, 1));
        return (date - epoch).TotalDays;
    }

    private static void WriteText(XmlWriter writer, string text)
    {
        writer.WriteStartElement("t", MainNamespace);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text.Contains('\n')))
        {
            writer.WriteAttributeString("xml", "space", null, "preserve");
        }

        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private XmlWriter CurrentSheet() => sheet ?? AddSheet($"Sheet{sheetNames.Count + 1}").sheet!;

    private void EndSheet()
    {
        if (sheet is null)
        {
            return;
        }

        sheet.WriteEndElement();
        if (merges.Count > 0)
        {
            sheet.WriteStartElement("mergeCells", MainNamespace);
            sheet.WriteAttributeString("count", Invariant(merges.Count));
            foreach (var range in merges)
            {
                sheet.WriteStartElement("mergeCell", MainNamespace);
                sheet.WriteAttributeString("ref", range);
                sheet.WriteEndElement();
            }

            sheet.WriteEndElement();
            merges.Clear();
        }

        sheet.WriteEndElement();
        sheet.Dispose();
        sheet = null;
    }

    private void Finish()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        CurrentSheet();
        EndSheet();
        WriteWorkbook();
        WriteSharedStrings();
        WriteFixedPart("xl/styles.xml", Styles);
        WriteFixedPart("_rels/.rels", PackageRelationships);
        WriteFixedPart("[Content_Types].xml", ContentTypes());
    }

    private void WriteWorkbook()
    {
        using (var workbook = OpenPart("xl/workbook.xml"))
        {
            workbook.WriteStartElement("workbook", MainNamespace);
            workbook.WriteAttributeString("xmlns", "r", null, RelationshipsNamespace);
            if (options.Date1904)
            {
                workbook.WriteStartElement("workbookPr", MainNamespace);
                workbook.WriteAttributeString("date1904", "1");
                workbook.WriteEndElement();
            }

            workbook.WriteStartElement("sheets", MainNamespace);
            for (var i = 1; i <= sheetNames.Count; i++)
            {
                workbook.WriteStartElement("sheet", MainNamespace);
                workbook.WriteAttributeString("name", sheetNames[i - 1]);
                workbook.WriteAttributeString("sheetId", Invariant(i));
                workbook.WriteAttributeString("id", RelationshipsNamespace, $"rId{i}");
                workbook.WriteEndElement();
            }
        }

        var relationships = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PackageRelationshipsNamespace}">""");
        for (var i = 1; i <= sheetNames.Count; i++)
        {
            relationships.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{i}" Type="{RelationshipsNamespace}/worksheet" Target="worksheets/sheet{i}.xml"/>""");
        }

        relationships.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheetNames.Count + 1}" Type="{RelationshipsNamespace}/styles" Target="styles.xml"/>""");
        relationships.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheetNames.Count + 2}" Type="{RelationshipsNamespace}/sharedStrings" Target="sharedStrings.xml"/>""");
        WriteFixedPart("xl/_rels/workbook.xml.rels", relationships.Append("</Relationships>").ToString());
    }

    private void WriteSharedStrings()
    {
        using var writer = OpenPart("xl/sharedStrings.xml");
        writer.WriteStartElement("sst", MainNamespace);
        writer.WriteAttributeString("uniqueCount", Invariant(sharedStrings.Count));
        foreach (var text in sharedStrings)
        {
            writer.WriteStartElement("si", MainNamespace);
            WriteText(writer, text);
            writer.WriteEndElement();
        }
    }

    private string ContentTypes()
    {
        var types = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">""")
            .Append("""<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>""")
            .Append("""<Default Extension="xml" ContentType="application/xml"/>""")
            .Append("""<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""")
            .Append("""<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""")
            .Append("""<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>""");
        for (var i = 1; i <= sheetNames.Count; i++)
        {
            types.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
        }

        return types.Append("</Types>").ToString();
    }

    private XmlWriter OpenPart(string name) =>
        XmlWriter.Create(archive.CreateEntry(name, options.Compression).Open(), XmlSettings);

    private void WriteFixedPart(string name, string xml)
    {
        using var stream = archive.CreateEntry(name, options.Compression).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    private static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
