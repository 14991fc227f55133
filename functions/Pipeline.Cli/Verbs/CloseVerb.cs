using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Closing;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Closing;
using Pipeline.Core.Model;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>close --period P [--note TEXT]</c> issues the period's figures as its next official version (封账);
/// <c>reopen --period P --reason TEXT</c> makes it provisional again, so corrections can be uploaded and replayed.
/// </summary>
public static class CloseVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var closer = services.GetRequiredService<PeriodCloser>();
        var period = invocation.Period!;
        var outcome = invocation.Verb == "close"
            ? await closer.CloseAsync(period, invocation.Note, cancellationToken, invocation.Force)
            : await closer.ReopenAsync(period, invocation.Note!, cancellationToken);
        await stdout.WriteLineAsync(Describe(invocation.Verb, outcome));
        return outcome.Result is ClosingResult.NoData or ClosingResult.Returned ? ExitCodes.Error : ExitCodes.Success;
    }

    internal static string Describe(string verb, ClosingOutcome outcome)
    {
        var closing = outcome.Closing;
        var last = closing.Events.Count > 0 ? closing.Events[^1] : null;
        var at = last is null ? "" : Timestamps.Beijing(last.At);
        return (verb, outcome.Result) switch
        {
            (_, ClosingResult.NoData) => $"{outcome.Period}: no accepted files, nothing to {verb}",
            (_, ClosingResult.Returned) => $"{outcome.Period}: not closed: {outcome.OpenReturns.Count} returned submission(s) stand ({string.Join("; ", outcome.OpenReturns)}); wait for the streets' uploads, or close with --force --note TEXT",
            ("close", ClosingResult.Changed) when last!.OverReturns is { Count: > 0 } over => $"{outcome.Period}: closed as official version {last.Version} at {at} Beijing time over {over.Count} returned submission(s), as the version history records; uploads for it are now refused",
            ("close", ClosingResult.Changed) => $"{outcome.Period}: closed as official version {last!.Version} at {at} Beijing time; uploads for it are now refused",
            ("close", _) => $"{outcome.Period}: already closed as official version {closing.OfficialVersion} at {at} Beijing time; nothing changed",
            (_, ClosingResult.Changed) => $"{outcome.Period}: reopened at {at} Beijing time (was official version {last!.Version}); the next close issues version {last.Version + 1}; apply refused files with: pipeline replay --period {outcome.Period}",
            _ => $"{outcome.Period}: not closed{(closing.OfficialVersion > 0 ? $" (reopened after official version {closing.OfficialVersion})" : "")}; nothing changed",
        };
    }
}
