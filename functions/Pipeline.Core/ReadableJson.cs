using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Pipeline.Core;

/// <summary>
/// The one JSON style of everything the product writes for people and systems: camelCase, indented, Chinese left
/// readable, HTML-sensitive characters still escaped.
/// </summary>
public static class ReadableJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
