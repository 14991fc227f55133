using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Summary;

/// <summary>The summary documents' one JSON form: camelCase, nulls written, Chinese unescaped, HTML characters escaped.</summary>
public static class SummaryJson
{
    private static readonly SummaryJsonContext Context = new(new JsonSerializerOptions(ReadableJson.Options));

    public static byte[] Serialize(SummaryDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Context.SummaryDocument);

    public static SummaryDocument Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Context.SummaryDocument) ?? throw new JsonException("The summary is empty.");

    public static byte[] Serialize(FiguresSummary document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Context.FiguresSummary);

    public static FiguresSummary DeserializeFigures(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Context.FiguresSummary) ?? throw new JsonException("The summary is empty.");
}

[JsonSerializable(typeof(SummaryDocument))]
[JsonSerializable(typeof(FiguresSummary))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
