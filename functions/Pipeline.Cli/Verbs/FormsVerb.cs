using Microsoft.Extensions.Configuration;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>forms check FILE...</c>: checks form catalogs offline, as the app does before one takes effect. One line per
/// problem, naming the file, the form and the field; exit 1 when any file has one. <c>forms publish FILE</c>: uploads
/// a catalog to the district's <c>forms/</c> folder and takes it in as the function does.
/// </summary>
public static class FormsVerb
{
    public static Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken) =>
        invocation.Action == "publish"
            ? ReferencePublishing.PublishAsync(invocation, settings, stdout, ReferenceUpload.Forms, receipt => $"catalog accepted, in force from {receipt.Periods[0]}", cancellationToken)
            : CheckAsync(invocation, stdout);

    private static async Task<int> CheckAsync(Invocation invocation, TextWriter stdout)
    {
        var exit = ExitCodes.Success;
        foreach (var file in invocation.Files)
        {
            byte[] content;
            try
            {
                // One byte past the limit is enough to refuse a file, however large it is.
                await using var stream = File.OpenRead(file);
                content = new byte[Math.Min(stream.Length, FormCatalogFile.MaxBytes + 1L)];
                await stream.ReadExactlyAsync(content);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliEnvironmentException($"cannot read '{file}': {e.Message}");
            }

            var (catalog, problems) = FormCatalogFile.Read(content, Path.GetFileName(file));
            if (catalog is not null)
            {
                await stdout.WriteLineAsync($"{file}: OK, catalog version {catalog.Version} from {catalog.EffectiveFrom}: {catalog.Forms.Count} form(s) ({string.Join(", ", catalog.Forms.Select(f => $"{f.Code} {f.Title.Zh}"))}), {catalog.Indicators.Count} indicator(s)");
                continue;
            }

            exit = ExitCodes.Findings;
            foreach (var problem in problems)
            {
                await stdout.WriteLineAsync(problem.ToString());
            }

            await stdout.WriteLineAsync($"{file}: {problems.Count} problem(s); not a catalog");
        }

        return exit;
    }
}
