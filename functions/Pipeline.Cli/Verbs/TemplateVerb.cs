using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.SubmissionTemplates;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Forms;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>template FORM [--catalog FILE] [--street S] [--period P] --out FILE</c>: a submission template (填报模板) from the
/// registry, of a form of the built-in catalog or of a catalog file (by its template name or code), as the report
/// publishes it. Offline.
/// </summary>
public static class TemplateVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout)
    {
        var registry = CliSettings.IngestContext(settings).Registry;
        var street = invocation.Street is not { } named
            ? null
            : registry.FindByCode(named) ?? registry.FindByName(named)
                ?? throw new CliEnvironmentException($"--street '{named}' is not a street or town of {registry.DistrictName}: give its registry name or 12-digit code.");
        var catalog = invocation.Catalog is { } file ? await ReadAsync(file) : FormCatalogs.Builtin;
        var form = CatalogTemplate.FormNamed(catalog, invocation.Files[0])
            ?? throw new CliEnvironmentException($"{invocation.Catalog} has no form '{invocation.Files[0]}': its forms are {string.Join(", ", catalog.Forms.Select(f => f.Code))}");
        var template = CatalogTemplate.For(form, registry, street, invocation.Period);
        try
        {
            await File.WriteAllBytesAsync(invocation.Out!, SubmissionTemplateWorkbook.Write(template));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliEnvironmentException($"cannot write '{invocation.Out}': {e.Message}");
        }

        await stdout.WriteLineAsync($"{invocation.Out}: {template.Title}, {template.Columns.Count} columns, {template.Rows.Count} pre-filled row(s)");
        return ExitCodes.Success;
    }

    /// <summary>The catalog in <paramref name="file"/>, checked as a published version is.</summary>
    private static async Task<FormCatalog> ReadAsync(string file)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliEnvironmentException($"cannot read '{file}': {e.Message}");
        }

        var (catalog, problems) = FormCatalogFile.Read(content, Path.GetFileName(file));
        if (catalog is null)
        {
            throw new CliEnvironmentException($"{problems.Count} problem(s) in the catalog, the first: {problems[0]}; see them all with 'pipeline forms check {file}'");
        }

        return catalog;
    }
}
