using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.SubmissionTemplates;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>template FORM [--catalog FILE] [--street S] [--period P] --out FILE</c>: a submission template (填报模板) from the
/// registry, of a built-in form or of any form of a catalog file, as the report publishes it. Offline.
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
        var template = invocation.Catalog is { } file
            ? await FromCatalogAsync(file, invocation.Files[0], registry, street, invocation.Period)
            : SubmissionTemplate.For(SubmissionTemplate.FormNamed(invocation.Files[0])!, registry, street, invocation.Period); // checked when parsed
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

    /// <summary>The template of form <paramref name="code"/> (or a built-in form's name) of the catalog in <paramref name="file"/>, checked first.</summary>
    private static async Task<SubmissionTemplate> FromCatalogAsync(string file, string code, DivisionRegistry registry, Street? street, string? period)
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

        var form = catalog.Form(SubmissionTemplate.FormNamed(code) ?? code)
            ?? throw new CliEnvironmentException($"{file} has no form '{code}': its forms are {string.Join(", ", catalog.Forms.Select(f => f.Code))}");
        return SubmissionTemplate.Forms.Any(f => f.Form == form.Code)
            ? SubmissionTemplate.For(form.Code, registry, street, period)
            : CatalogTemplate.For(form, registry, street, period);
    }
}
