using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace Pipeline.Core.Report;

/// <summary>
/// Pages from Liquid templates embedded in this assembly. Every value is HTML-encoded on output (Chinese is left
/// readable), so escaping holds by construction; only constants of the code (the stylesheet, the CSP) are output raw.
/// </summary>
internal static class PageTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    private static readonly TemplateOptions Options = CreateOptions();

    public static string Render(string name, object model)
    {
        var template = Parsed.GetOrAdd(name, Load);
        return template.Render(new TemplateContext(model, Options), Encoder);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase } };
        return options;
    }

    private static IFluidTemplate Load(string name)
    {
        var resource = $"Pipeline.Core.Report.Templates.{name}.liquid";
        using var stream = typeof(PageTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page template {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The page template {name} does not parse: {error}");
    }
}
