using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Ingest;

/// <summary>
/// Everything reading an upload depends on besides the file: the district, the rules, the limits, and the form catalog
/// whose forms a sheet may be (the built-in one unless the upload's period has another in force).
/// </summary>
public sealed record IngestContext(DivisionRegistry Registry, IngestRules Rules, SpreadsheetLimits Limits)
{
    public CompiledCatalog Catalog { get; init; } = CompiledCatalog.Builtin;

    /// <summary>
    /// The district's divisions over time as deployed, with their changes (a registry without dates: every unit always);
    /// the district may publish later versions, and each period is read with the divisions in force then.
    /// </summary>
    public DivisionHistory Divisions { get; init; } = DivisionHistory.Of(Registry);

    /// <summary>This context with the rules as they stand at <paramref name="now"/>.</summary>
    public IngestContext AsOf(DateTimeOffset now) => this with { Rules = Rules.AsOf(now) };
}
