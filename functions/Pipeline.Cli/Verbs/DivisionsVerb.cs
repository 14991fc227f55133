using Microsoft.Extensions.Configuration;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>divisions check FILE...</c>: checks registry files offline, with every unit's validity and links, and prints
/// what changes in which period (区划变更). One line per problem, naming the file, the unit and the field; exit 1 when
/// any file has one. <c>divisions publish FILE</c>: uploads a registry version to the district's <c>divisions/</c>
/// folder and takes it in as the function does.
/// </summary>
public static class DivisionsVerb
{
    public static Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken) =>
        invocation.Action == "publish"
            ? ReferencePublishing.PublishAsync(invocation, settings, stdout, ReferenceUpload.Divisions, receipt => receipt.Periods.Count > 0
                ? $"registry accepted, changing the divisions from {receipt.Periods[0]}"
                : "registry accepted, changing the divisions of every period", cancellationToken)
            : CheckAsync(invocation, stdout);

    private static async Task<int> CheckAsync(Invocation invocation, TextWriter stdout)
    {
        var exit = ExitCodes.Success;
        foreach (var file in invocation.Files)
        {
            string json;
            try
            {
                if (new FileInfo(file).Length > DivisionHistory.MaxBytes)
                {
                    await stdout.WriteLineAsync($"{file}: larger than {DivisionHistory.MaxBytes:N0} bytes, which a registry is at most; not a registry");
                    exit = ExitCodes.Findings;
                    continue;
                }

                json = await File.ReadAllTextAsync(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliEnvironmentException($"cannot read '{file}': {e.Message}");
            }

            var (history, problems) = DivisionHistory.Read(json, Path.GetFileName(file));
            if (history is null)
            {
                exit = ExitCodes.Findings;
                foreach (var problem in problems)
                {
                    await stdout.WriteLineAsync(problem.ToString());
                }

                await stdout.WriteLineAsync($"{file}: {problems.Count} problem(s); not a registry");
                continue;
            }

            var changes = history.Changes();
            await stdout.WriteLineAsync($"{file}: OK, registry of {history.DistrictName}{(history.Version is { } version ? $" version {version}" : "")}: " +
                $"{history.Streets.Select(s => s.Code).Distinct().Count()} street(s), {history.Communities.Select(c => c.Code).Distinct().Count()} community(ies) over time; {changes.Count} change(s)");
            foreach (var change in changes)
            {
                await stdout.WriteLineAsync($"  {change.Period}  {Describe(change)}");
            }
        }

        return exit;
    }

    private static string Describe(DivisionChange change) => change.Kind switch
    {
        DivisionChangeKind.Began => $"began   {Unit(change.Unit)}{(change.Links.Count > 0 ? $" ← {string.Join(", ", change.Links.Select(Unit))}" : "")}",
        DivisionChangeKind.Ended => $"ended   {Unit(change.Unit)}{(change.Links.Count > 0 ? $" → {string.Join(", ", change.Links.Select(Unit))}" : "")}",
        DivisionChangeKind.Renamed => $"renamed {Unit(change.Before!)} → {change.Unit.Name}",
        var other => throw new ArgumentOutOfRangeException(nameof(change), other, null),
    };

    private static string Unit(DivisionUnit unit) => $"{unit.KindName} {unit.Name} ({unit.Code})";
}
