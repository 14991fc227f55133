using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Pipeline.Core.Summary;

/// <summary>The summary document's one JSON form: camelCase, nulls written, Chinese unescaped, HTML characters escaped.</summary>
public static class SummaryJson
{
    private static readonly SummaryJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });

    public static byte[] Serialize(SummaryDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Context.SummaryDocument);

    public static SummaryDocument Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Context.SummaryDocument) ?? throw new JsonException("The summary is empty.");
}

[JsonSerializable(typeof(SummaryDocument))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
