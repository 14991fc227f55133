using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.SubmissionTemplates;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Cli.Verbs;

/// <summary><c>template FORM [--street S] [--period P] --out FILE</c>: a submission template (填报模板) from the registry. Offline.</summary>
public static class TemplateVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout)
    {
        var form = SubmissionTemplate.FormNamed(invocation.Files[0])!; // checked when parsed
        var registry = CliSettings.IngestContext(settings).Registry;
        var street = invocation.Street is not { } named
            ? null
            : registry.FindByCode(named) ?? registry.FindByName(named)
                ?? throw new CliEnvironmentException($"--street '{named}' is not a street or town of {registry.DistrictName}: give its registry name or 12-digit code.");
        var template = SubmissionTemplate.For(form, registry, street, invocation.Period);
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
}
