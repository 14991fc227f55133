using System.Text.RegularExpressions;

namespace Pipeline.Core.Forms;

/// <summary>
/// A check's message is a template: <c>{key}</c> is the row's value of a column as the clerk wrote it,
/// <c>{key.label}</c> the column's header, <c>{indicator:code}</c> the row's own value of an indicator; a plausibility
/// rule's message knows <c>{threshold}</c>, <c>{previous}</c>, <c>{current}</c>, <c>{community}</c> and <c>{street}</c>.
/// </summary>
public static partial class MessageText
{
    public static IReadOnlyList<string> PlausibilityPlaceholders { get; } = ["threshold", "previous", "current", "community", "street"];

    public static IEnumerable<string> Placeholders(Bilingual message) =>
        Placeholder().Matches(message.Zh).Concat(Placeholder().Matches(message.En)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    public static bool IsRowPlaceholder(string placeholder, FormDefinition form, Func<string, bool> indicator) =>
        placeholder.StartsWith("indicator:", StringComparison.Ordinal)
            ? indicator(placeholder["indicator:".Length..])
            : form.Column(placeholder.EndsWith(".label", StringComparison.Ordinal) ? placeholder[..^".label".Length] : placeholder) is not null;

    /// <summary><paramref name="template"/> with each placeholder replaced by what <paramref name="value"/> says of it.</summary>
    public static string Fill(string template, Func<string, string> value) => Placeholder().Replace(template, m => value(m.Groups[1].Value));

    [GeneratedRegex(@"\{([a-z][a-zA-Z0-9_.:]*)\}")]
    private static partial Regex Placeholder();
}
