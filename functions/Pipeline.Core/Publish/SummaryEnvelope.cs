using System.Text.Json;
using Pipeline.Core.Closing;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Publish;

/// <summary>
/// What every published summary says of itself, whichever schema version it is: what a message's id, Subject and
/// properties are made from, read from the document itself so the outbox can send any version it holds.
/// </summary>
public sealed record SummaryEnvelope(string Schema, string Kind, string Period, string DistrictCode, long Revision, Publication Publication)
{
    /// <summary>The catalog version a v3 document was computed with; null for v2.</summary>
    public string? Catalog { get; init; }

    public static SummaryEnvelope Of(SummaryDocument document) =>
        new(document.Schema, document.Kind, document.Period, document.District.Code, document.Revision, document.Publication);

    public static SummaryEnvelope Of(FiguresSummary document) =>
        new(document.Schema, document.Kind, document.Period, document.District.Code, document.Revision, document.Publication) { Catalog = document.Catalog.Version };

    /// <summary>The envelope of a serialised summary of any version.</summary>
    public static SummaryEnvelope Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return root.GetProperty("schema").GetString() switch
        {
            SummaryDocument.SchemaName or "governance-summary/v1" => Of(SummaryJson.Deserialize(json)),
            FiguresSummary.SchemaName => Of(SummaryJson.DeserializeFigures(json)),
            var other => throw new JsonException($"'{other}' is not a summary schema this app publishes."),
        };
    }
}
