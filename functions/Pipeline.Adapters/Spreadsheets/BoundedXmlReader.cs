using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// An XML reader over one part of a package that spends from the read's budget at every node, refuses nesting deeper
/// than the limit before the inner reader can build it, and skips what Excel skips: elements in a namespace an ancestor
/// (or the element itself) declares <c>mc:Ignorable</c>, and <c>mc:AlternateContent</c>, which nothing read here needs.
/// Every read of the part goes through <see cref="Read"/>, including <see cref="XmlReader.Skip"/> and the
/// ReadElementContentAs… methods, whose base implementations call it.
/// </summary>
internal sealed class BoundedXmlReader(XmlReader inner, ReadBudget budget, string? sheet) : XmlReader
{
    private const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    /// <summary>Namespaces read here: an ignorable declaration of one of them changes nothing, as in Excel.</summary>
    private static readonly HashSet<string> Understood =
    [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "http://schemas.openxmlformats.org/package/2006/relationships",
        "http://schemas.openxmlformats.org/package/2006/content-types",
    ];

    private readonly Stack<(int Depth, string Namespace)> ignorable = new();
    private readonly Dictionary<string, int> ignoredNamespaces = new(StringComparer.Ordinal);

    public override bool Read()
    {
        if (!Step())
        {
            return false;
        }

        while (inner.NodeType == XmlNodeType.Element && IsIgnored())
        {
            if (!SkipIgnored())
            {
                return false;
            }
        }

        return true;
    }

    private bool Step()
    {
        budget.Tick();
        if (!inner.Read())
        {
            return false;
        }

        budget.Count(inner.Depth, budget.Limits.MaxXmlDepth, SpreadsheetLimit.XmlDepth, sheet);
        while (ignorable.Count > 0 && ignorable.Peek().Depth >= inner.Depth && !(inner.NodeType == XmlNodeType.EndElement && ignorable.Peek().Depth == inner.Depth))
        {
            var (_, popped) = ignorable.Pop();
            ignoredNamespaces[popped]--;
        }

        if (inner.NodeType == XmlNodeType.Element && inner.GetAttribute("Ignorable", MarkupCompatibility) is { } prefixes)
        {
            foreach (var prefix in prefixes.Split(' ', '\t', '\r', '\n'))
            {
                budget.Tick();
                if (prefix.Length > 0 && inner.LookupNamespace(prefix) is { } uri && !Understood.Contains(uri))
                {
                    ignorable.Push((inner.Depth, uri));
                    ignoredNamespaces[uri] = ignoredNamespaces.GetValueOrDefault(uri) + 1;
                }
            }
        }

        return true;
    }

    private bool IsIgnored() =>
        (inner.NamespaceURI == MarkupCompatibility && inner.LocalName == "AlternateContent")
        || ignoredNamespaces.GetValueOrDefault(inner.NamespaceURI) > 0;

    /// <summary>Moves past the element the reader stands on, node by node so every step is counted.</summary>
    private bool SkipIgnored()
    {
        var depth = inner.Depth;
        if (!inner.IsEmptyElement)
        {
            while (Step() && !(inner.NodeType == XmlNodeType.EndElement && inner.Depth == depth))
            {
            }
        }

        return Step();
    }

    public override int AttributeCount => inner.AttributeCount;

    public override string BaseURI => inner.BaseURI;

    public override int Depth => inner.Depth;

    public override bool EOF => inner.EOF;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override string LocalName => inner.LocalName;

    public override string NamespaceURI => inner.NamespaceURI;

    public override XmlNameTable NameTable => inner.NameTable;

    public override XmlNodeType NodeType => inner.NodeType;

    public override string Prefix => inner.Prefix;

    public override ReadState ReadState => inner.ReadState;

    public override string Value => inner.Value;

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
