using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Pipeline.Core.Report;

/// <summary>
/// Pages from Liquid templates embedded in this assembly; templates share partials (<c>{% render '_head' %}</c>) from
/// the same place. Every value is HTML-encoded on output (Chinese is left readable), so escaping holds by
/// construction; only constants of the code (the stylesheet, the page script, the chart data's JSON, whose encoder
/// escapes every HTML-sensitive character) are output raw.
/// </summary>
internal static class PageTemplates
{
    private const string Prefix = "Pipeline.Core.Report.Templates.";

    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    private static readonly TemplateOptions Options = new()
    {
        MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
        FileProvider = new EmbeddedTemplates(),
    };

    public static string Render(string name, object model)
    {
        var template = Parsed.GetOrAdd(name, Load);
        return template.Render(new TemplateContext(model, Options), Encoder);
    }

    private static IFluidTemplate Load(string name) =>
        Parser.TryParse(Read($"{name}.liquid") ?? throw new InvalidOperationException($"The page template {Prefix}{name}.liquid is not embedded."), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The page template {name} does not parse: {error}");

    private static string? Read(string fileName)
    {
        using var stream = typeof(PageTemplates).Assembly.GetManifestResourceStream(Prefix + fileName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // A partial's closing line break would land between the tags of its caller.
        return fileName.StartsWith('_') ? text.TrimEnd('\r', '\n') : text;
    }

    /// <summary>The templates as the files Liquid's <c>render</c> tag asks for.</summary>
    private sealed class EmbeddedTemplates : IFileProvider
    {
        private readonly ConcurrentDictionary<string, IFileInfo> _files = new(StringComparer.Ordinal);

        public IFileInfo GetFileInfo(string subpath) => _files.GetOrAdd(subpath.TrimStart('/'), path =>
            Read(path) is { } text ? new TemplateFile(path, text) : new NotFoundFileInfo(path));

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }

    private sealed class TemplateFile(string name, string text) : IFileInfo
    {
        private readonly byte[] _content = System.Text.Encoding.UTF8.GetBytes(text);

        public bool Exists => true;

        public long Length => _content.Length;

        public string? PhysicalPath => null;

        public string Name => name;

        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(_content, writable: false);
    }
}
