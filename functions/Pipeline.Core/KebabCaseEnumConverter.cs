using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core;

/// <summary>An enum written as its name in kebab case (<c>percent</c>, <c>higher-is-better</c>), as the catalog file spells it.</summary>
public sealed class KebabCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
