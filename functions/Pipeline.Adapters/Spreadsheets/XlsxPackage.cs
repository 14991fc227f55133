using System.IO.Compression;
using System.Xml;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// The zip container of an xlsx, checked against zip bombs from its central directory before any part is inflated,
/// and opened part by part as XML readers that cannot be made to inflate more than was declared.
/// </summary>
internal sealed class XlsxPackage
{
    /// <summary>Small parts compress extremely well without being bombs (a sheet of empty rows); their ratio says nothing.</summary>
    private const long TinyPartBytes = 1024 * 1024;

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        // No DTDs: that is where entity expansion bombs and external entities live. Excel never writes one.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly Dictionary<string, ZipArchiveEntry> parts;
    private readonly ReadBudget budget;
    private readonly int maxRunBytes;

    private XlsxPackage(Dictionary<string, ZipArchiveEntry> parts, ReadBudget budget, int maxRunBytes)
    {
        this.parts = parts;
        this.budget = budget;
        this.maxRunBytes = maxRunBytes;
    }

    public static XlsxPackage Open(Stream stream, ReadBudget budget)
    {
        var file = budget.File;
        var limits = budget.Limits;
        // Not disposed on purpose: in read mode the archive holds nothing but the caller's stream (left open for the
        // caller to dispose), and rows stay readable for as long as that stream is open.
        var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        long declared = 0;
        foreach (var entry in archive.Entries)
        {
            budget.Tick();
            // Compared before adding, so a forged size near long.MaxValue cannot overflow the sum.
            if (entry.Length > limits.MaxUncompressedBytes - declared || IsImplausiblyCompressed(entry, limits.MaxCompressionRatio))
            {
                throw new SpreadsheetRejectedException(FileFindings.ZipBomb(file));
            }

            declared += entry.Length;
            // Two entries of one name are a known attack on zip readers (each reader may pick another): refused.
            if (!parts.TryAdd(Normalize(entry.FullName), entry))
            {
                throw new SpreadsheetRejectedException(FileFindings.DuplicateEntries(file, entry.FullName));
            }
        }

        // Generous for any cell text Excel allows (escaped, up to ~6 bytes a character), far below a giant string.
        var maxRunBytes = (int)Math.Clamp(limits.MaxCellCharacters * 8L, 1024 * 1024, int.MaxValue);
        return new XlsxPackage(parts, budget, maxRunBytes);
    }

    public bool Contains(string part) => parts.ContainsKey(part);

    /// <summary>Opens a part for streaming, within the read's budget; a part the package lacks is damage.</summary>
    /// <param name="sheet">The sheet the part is, for findings.</param>
    public XmlReader OpenXml(string part, string? sheet = null)
    {
        if (!parts.TryGetValue(part, out var entry))
        {
            throw new InvalidDataException("The package lacks a part it refers to.");
        }

        return new BoundedXmlReader(XmlReader.Create(new CountingStream(entry.Open(), entry.Length, maxRunBytes, budget.File), XmlSettings), budget, sheet);
    }

    /// <summary>Part names as relationships use them: forward slashes, no leading slash, any case.</summary>
    public static string Normalize(string name) => name.Replace('\\', '/').TrimStart('/');

    private static bool IsImplausiblyCompressed(ZipArchiveEntry entry, int maxRatio) =>
        entry.Length >= TinyPartBytes
        && (entry.CompressedLength <= 0 || entry.Length / entry.CompressedLength > maxRatio);
}
