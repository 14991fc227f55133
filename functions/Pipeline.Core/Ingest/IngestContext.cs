using Pipeline.Core.Divisions;
using Pipeline.Core.Sheets;

namespace Pipeline.Core.Ingest;

/// <summary>Everything reading an upload depends on besides the file: the district, the rules and the limits.</summary>
public sealed record IngestContext(DivisionRegistry Registry, IngestRules Rules, SpreadsheetLimits Limits)
{
    /// <summary>This context with the rules as they stand at <paramref name="now"/>.</summary>
    public IngestContext AsOf(DateTimeOffset now) => this with { Rules = Rules.AsOf(now) };
}
