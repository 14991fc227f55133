using System.Xml;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// An xlsx workbook: its sheets in workbook order with their part names, its date system, which styles are dates and,
/// once a sheet is read, its shared strings.
/// </summary>
internal sealed class XlsxWorkbook
{
    private const string UsualWorkbookPart = "xl/workbook.xml";
    private const string PackageRelationships = "_rels/.rels";

    /// <summary>OPC requires it: every package Excel (or any writer following the standard) saves has it.</summary>
    private const string ContentTypes = "[Content_Types].xml";
    private const string RelationshipsNamespaceSuffix = "/relationships";
    private const string OfficeDocumentSuffix = "/officeDocument";

    private const string SharedStringsSuffix = "/sharedStrings";
    private const string StylesSuffix = "/styles";

    private Lazy<SharedStrings> sharedStrings = new(() => SharedStrings.None);

    private XlsxWorkbook(XlsxPackage package, ReadBudget budget)
    {
        Package = package;
        Budget = budget;
    }

    public XlsxPackage Package { get; }

    public ReadBudget Budget { get; }

    public string File => Budget.File;

    public SpreadsheetLimits Limits => Budget.Limits;

    public CellStyles Styles { get; private set; } = CellStyles.None;

    /// <summary>Mac Excel's old date system, still set in some workbooks: serials count from 1904-01-01.</summary>
    public bool Date1904 { get; private set; }

    public SharedStrings SharedStrings => sharedStrings.Value;

    public IReadOnlyList<Sheet> Sheets { get; private set; } = [];

    public static XlsxWorkbook Open(Stream stream, ReadBudget budget)
    {
        var file = budget.File;
        var package = XlsxPackage.Open(stream, budget);
        // OPC: the workbook is the target of the package's officeDocument relationship; most writers use xl/workbook.xml.
        var workbookPart = ReadRelationships(package, PackageRelationships, "", (_, type) => type.EndsWith(OfficeDocumentSuffix, StringComparison.Ordinal))
            .Values.FirstOrDefault(r => r.Part.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && package.Contains(r.Part))
            ?.Part ?? UsualWorkbookPart;
        if (!package.Contains(workbookPart))
        {
            // A zip, but not a workbook: a .docx, a .pptx, an archive of photos.
            throw new SpreadsheetRejectedException(FileFindings.UnknownType(file));
        }

        if (!package.Contains(ContentTypes))
        {
            // A workbook, but not a package Excel wrote, and Excel itself refuses to open it.
            throw new SpreadsheetRejectedException(FileFindings.MissingPart(file, null, ContentTypes));
        }

        var workbook = new XlsxWorkbook(package, budget);
        var listed = workbook.ReadWorkbookPart(workbookPart);
        var folder = workbookPart.Contains('/') ? workbookPart[..(workbookPart.LastIndexOf('/') + 1)] : "";
        var relationshipsPart = $"{folder}_rels/{workbookPart[folder.Length..]}.rels";
        // Only the relationships the workbook uses are kept: a part may list any number of others.
        var sheetIds = listed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var relationships = ReadRelationships(package, relationshipsPart, folder,
            (id, type) => sheetIds.Contains(id) || type.EndsWith(SharedStringsSuffix, StringComparison.Ordinal) || type.EndsWith(StylesSuffix, StringComparison.Ordinal));
        var sharedStringsPart = FindPart(package, relationships, SharedStringsSuffix, "xl/sharedStrings.xml");
        workbook.sharedStrings = new Lazy<SharedStrings>(() => ReadSharedStrings(package, sharedStringsPart, budget));
        if (FindPart(package, relationships, StylesSuffix, "xl/styles.xml") is { } stylesPart)
        {
            using var reader = package.OpenXml(stylesPart);
            workbook.Styles = CellStyles.Read(reader, budget);
        }

        workbook.Sheets = workbook.DataSheets(listed, relationshipsPart, relationships);
        return workbook;
    }

    /// <summary>The date system and the sheets the workbook lists, in order, counted against the limit as they are met.</summary>
    private List<ListedSheet> ReadWorkbookPart(string workbookPart)
    {
        var listed = new List<ListedSheet>();
        using var reader = Package.OpenXml(workbookPart);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == 1 && reader.LocalName == "workbookPr")
            {
                Date1904 = reader.GetAttribute("date1904") is "1" or "true";
            }
            else if (reader.Depth == 2 && reader.LocalName == "sheet")
            {
                Budget.Count(listed.Count + 1, Limits.MaxSheets, SpreadsheetLimit.Sheets);
                var name = InvisibleCharacters.Strip(reader.GetAttribute("name")) is { Length: > 0 } given ? given : $"Sheet{listed.Count + 1}";
                // Hidden and very hidden sheets hold lookups, old versions, macros: the clerk fills the visible ones.
                var visible = reader.GetAttribute("state") is null or "visible";
                listed.Add(new ListedSheet(name, RelationshipId(reader), visible));
            }
        }

        return listed;
    }

    /// <summary>The visible sheets to read, each part once however many entries name it.</summary>
    private List<Sheet> DataSheets(List<ListedSheet> listed, string workbookRelationships, Dictionary<string, Relationship> relationships)
    {
        var sheets = new List<Sheet>();
        var parts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, id, visible) in listed)
        {
            if (id is "")
            {
                // Excel writes r:id="" for very hidden macro (VBA module) sheets: no part, nothing to read.
                continue;
            }

            if (id is null)
            {
                throw new SpreadsheetRejectedException(FileFindings.Corrupt(File, name));
            }

            if (!relationships.TryGetValue(id, out var target) || !Package.Contains(target.Part))
            {
                // The part the sheet names, or else the relationship that should have named it.
                throw new SpreadsheetRejectedException(FileFindings.MissingPart(File, name, target?.Part ?? $"{workbookRelationships} {id}"));
            }

            if (visible && parts.Add(target.Part))
            {
                sheets.Add(new XlsxWorksheet(this, name, target.Part).ToSheet());
            }
        }

        return sheets;
    }

    /// <summary>The r:id of a &lt;sheet&gt;, whatever prefix the relationships namespace was given.</summary>
    private static string? RelationshipId(XmlReader reader)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith(RelationshipsNamespaceSuffix, StringComparison.Ordinal))
            {
                var id = reader.Value;
                reader.MoveToElement();
                return id;
            }
        }

        reader.MoveToElement();
        return null;
    }

    /// <summary>A part's relationships by id, targets resolved to part names (relative to <paramref name="folder"/>, or absolute).</summary>
    private static Dictionary<string, Relationship> ReadRelationships(XlsxPackage package, string part, string folder, Func<string, string, bool> wanted)
    {
        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        if (!package.Contains(part))
        {
            return relationships;
        }

        using var reader = package.OpenXml(part);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "Relationship"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target
                && reader.GetAttribute("TargetMode") != "External" && reader.GetAttribute("Type") is var type && wanted(id, type ?? ""))
            {
                relationships.TryAdd(id, new Relationship(type ?? "", Resolve(target, folder)));
            }
        }

        return relationships;
    }

    private static string Resolve(string target, string folder)
    {
        var path = Uri.UnescapeDataString(target).Replace('\\', '/');
        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : folder + path).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return XlsxPackage.Normalize(string.Join('/', segments));
    }

    private static string? FindPart(
        XlsxPackage package, Dictionary<string, Relationship> relationships, string typeSuffix, string usualPart)
    {
        var related = relationships.Values.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal));
        return related is not null && package.Contains(related.Part) ? related.Part
            : package.Contains(usualPart) ? usualPart
            : null;
    }

    private static SharedStrings ReadSharedStrings(XlsxPackage package, string? part, ReadBudget budget)
    {
        if (part is null)
        {
            return SharedStrings.None;
        }

        using var reader = package.OpenXml(part);
        return SharedStrings.Read(reader, budget);
    }

    private sealed record Relationship(string Type, string Part);

    private sealed record ListedSheet(string Name, string? Id, bool Visible);
}
