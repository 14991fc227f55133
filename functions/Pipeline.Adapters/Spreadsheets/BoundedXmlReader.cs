using System.Text;
using System.Xml;
using Pipeline.Core.Sheets;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// An XML reader over one part of a package that spends from the read's budget at every node, refuses nesting deeper
/// than the limit before the inner reader can build it, and shows only elements in the namespaces the readers read:
/// an element of any other namespace is skipped whole. Excel ignores such an element when the part declares its
/// namespace <c>mc:Ignorable</c> (extensions such as x14ac, and <c>mc:AlternateContent</c>) and refuses the file
/// otherwise; either way its content is never a cell's. Every read of the part goes through <see cref="Read"/>,
/// including <see cref="XmlReader.Skip"/> and the ReadElementContentAs… methods, whose base implementations call it.
/// </summary>
internal sealed class BoundedXmlReader : XmlReader
{
    /// <summary>The namespaces read here; no namespace at all, as some writers leave it, reads as the main one.</summary>
    private static readonly string[] ReadNamespaces =
    [
        "",
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "http://schemas.openxmlformats.org/package/2006/relationships",
        "http://schemas.openxmlformats.org/package/2006/content-types",
    ];

    private readonly XmlReader inner;
    private readonly ReadBudget budget;
    private readonly string? sheet;

    /// <summary>The same strings as the inner reader's name table holds, so a namespace is one reference comparison.</summary>
    private readonly string[] understood;

    public BoundedXmlReader(XmlReader inner, ReadBudget budget, string? sheet)
    {
        this.inner = inner;
        this.budget = budget;
        this.sheet = sheet;
        understood = [.. ReadNamespaces.Select(inner.NameTable.Add)];
    }

    public override bool Read()
    {
        if (!Step())
        {
            return false;
        }

        while (inner.NodeType == XmlNodeType.Element && !IsUnderstood(inner.NamespaceURI))
        {
            if (!SkipElement())
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

        if (inner.Depth > budget.Limits.MaxXmlDepth)
        {
            budget.Count(inner.Depth, budget.Limits.MaxXmlDepth, SpreadsheetLimit.XmlDepth, sheet);
        }

        return true;
    }

    private bool IsUnderstood(string ns)
    {
        foreach (var known in understood)
        {
            if (ReferenceEquals(ns, known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves past the element the reader stands on, node by node so every step is counted.</summary>
    private bool SkipElement()
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

    /// <summary>
    /// The text of the element the reader stands on, leaving it after the element, in steps of this reader: the base
    /// implementation would be correct too, but it is the per-cell path (&lt;v&gt;, &lt;t&gt;) and several times slower.
    /// Text beyond one over the cell limit is dropped (the cell is refused for its length anyway); an element inside is
    /// damage, as for the base implementation.
    /// </summary>
    public override string ReadElementContentAsString()
    {
        if (inner.NodeType != XmlNodeType.Element)
        {
            throw new XmlException("Not on an element.");
        }

        if (inner.IsEmptyElement)
        {
            Read();
            return "";
        }

        var depth = inner.Depth;
        var keep = budget.Limits.MaxCellCharacters + 1;
        string? single = null;
        StringBuilder? joined = null;
        while (Step())
        {
            switch (inner.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var value = inner.Value;
                    if (single is null)
                    {
                        single = value;
                    }
                    else
                    {
                        joined ??= new StringBuilder(single);
                        joined.Append(value, 0, Math.Min(value.Length, Math.Max(0, keep - joined.Length)));
                    }

                    break;
                case XmlNodeType.EndElement when inner.Depth == depth:
                    Read();
                    return joined?.ToString() ?? single ?? "";
                case XmlNodeType.Comment or XmlNodeType.ProcessingInstruction:
                    break;
                default:
                    throw new XmlException("An element where only text may stand.");
            }
        }

        throw new XmlException("The part ends inside an element.");
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
