using System.Reflection;

namespace Pipeline.Core.Forms;

/// <summary>
/// The catalog that ships with the app (<c>Forms/Catalogs/builtin.json</c>): the compound roster, the appeal counts and
/// the 12345 ticket export. It is checked like any catalog; a problem in it stops the app at start-up, naming it.
/// </summary>
public static class FormCatalogs
{
    public const string BuiltinFile = "builtin.json";

    private static readonly Lazy<FormCatalog> Loaded = new(Load);

    /// <summary>The built-in catalog; throws <see cref="InvalidOperationException"/> naming every problem when it has any.</summary>
    public static FormCatalog Builtin => Loaded.Value;

    private static FormCatalog Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Pipeline.Core.Forms.Catalogs.{BuiltinFile}")
            ?? throw new InvalidOperationException($"The built-in form catalog {BuiltinFile} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var (catalog, problems) = FormCatalogFile.Read(buffer.ToArray(), BuiltinFile);
        return catalog ?? throw new InvalidOperationException($"The built-in form catalog is not valid: {string.Join("; ", problems)}");
    }
}
