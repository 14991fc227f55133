using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Pipeline.Core.Sheets;

namespace Pipeline.Core;

/// <summary>
/// The one JSON style of everything the product writes for people and systems: camelCase, indented, Chinese left
/// readable, HTML-sensitive characters still escaped.
/// </summary>
public static class ReadableJson
{
    /// <summary>
    /// Chinese as it is; HTML-sensitive characters escaped, and invisible ones (a real upload path may hold U+202E, kept
    /// as the identifier it is) escaped too, so no JSON text shown as it is can have its lines reversed.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = CreateEncoder();

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = Encoder,
    };

    private static JavaScriptEncoder CreateEncoder()
    {
        var allowed = new TextEncoderSettings(UnicodeRanges.All);
        allowed.ForbidCharacters([.. InvisibleCharacters.Characters]);
        return JavaScriptEncoder.Create(allowed);
    }
}
