using Pipeline.Core.Ingest;

namespace Pipeline.Adapters.Ingest;

/// <summary>What ingesting one blob did. <see cref="Repeated"/>: the same content was seen before and nothing changed.</summary>
public sealed record IngestOutcome(Receipt Receipt, bool Repeated, IReadOnlyList<Core.Validation.Finding> Findings);
