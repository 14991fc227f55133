using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Forms;

/// <summary>
/// A catalog's JSON file: read strictly (an unknown field, a missing one or a null is a problem, not a default), then
/// checked whole by <see cref="CatalogCheck"/>. A catalog with any problem is not a catalog.
/// </summary>
public static partial class FormCatalogFile
{
    /// <summary>A catalog is a page of definitions, not data: anything larger is refused before it is parsed.</summary>
    public const int MaxBytes = 1 << 20;

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The catalog in <paramref name="content"/>, or every problem found with it.</summary>
    public static (FormCatalog? Catalog, IReadOnlyList<CatalogProblem> Problems) Read(ReadOnlySpan<byte> content, string file)
    {
        if (content.Length > MaxBytes)
        {
            return (null, [new CatalogProblem(file, null, "(file)", $"is larger than {MaxBytes:N0} bytes, which a catalog is at most")]);
        }

        FormCatalog? catalog;
        try
        {
            catalog = JsonSerializer.Deserialize<FormCatalog>(content, Options);
        }
        catch (JsonException e)
        {
            return (null, [new CatalogProblem(file, FormAt(content, e.Path), e.Path ?? "(file)", Reason(e))]);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The file is the district's text: a shape the serializer cannot take is a problem with the file, not a crash.
            return (null, [new CatalogProblem(file, null, "(file)", $"is not a catalog ({e.GetType().Name})")]);
        }

        if (catalog is null)
        {
            return (null, [new CatalogProblem(file, null, "(file)", "is null, not a catalog")]);
        }

        var problems = CatalogCheck.Problems(catalog, file);
        return (problems.Count == 0 ? catalog : null, problems);
    }

    public static string Write(FormCatalog catalog) => JsonSerializer.Serialize(catalog, Options);

    /// <summary>The parser's message without its own path and position, which the problem names already.</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    /// <summary>The code of the form a JSON path like <c>$.forms[2].columns[0]</c> is inside, when it can be read.</summary>
    private static string? FormAt(ReadOnlySpan<byte> content, string? path)
    {
        if (path is null || FormIndex().Match(path) is not { Success: true } match)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            using var document = JsonDocument.ParseValue(ref reader);
            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return document.RootElement.TryGetProperty("forms", out var forms) && forms.ValueKind == JsonValueKind.Array && index < forms.GetArrayLength()
                && forms[index].ValueKind == JsonValueKind.Object && forms[index].TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : $"#{index + 1}";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Only a name for the problem: a file the parser refused may hold anything, invalid UTF-8 in the code too.
            return null;
        }
    }

    [GeneratedRegex(@"^\$\.forms\[([0-9]{1,6})\]")]
    private static partial Regex FormIndex();
}
