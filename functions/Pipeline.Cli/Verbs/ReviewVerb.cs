using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Submissions;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// The district's review: <c>return --period P --street S --obligation O --reason TEXT</c> sends an accepted
/// submission back (审核退回); <c>dismiss --period P --file PATH --reason TEXT</c> dismisses a correction that
/// arrived after close.
/// </summary>
public static class ReviewVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        var returning = invocation.Verb == "return";
        await using var services = CliServices.Create(settings, invocation.Verbose, serviceBus: returning);
        return returning
            ? await ReturnAsync(invocation, services, stdout, cancellationToken)
            : await DismissAsync(invocation, services, stdout, cancellationToken);
    }

    private static async Task<int> ReturnAsync(Invocation invocation, IServiceProvider services, TextWriter stdout, CancellationToken cancellationToken)
    {
        // The streets in force for the period: a street that began later, or ended before, owes it nothing.
        var registry = await services.GetRequiredService<DivisionStore>().ForAsync(invocation.Period!, null, cancellationToken);
        var rules = await services.GetRequiredService<SubmissionsReader>().RulesAsync(invocation.Period!, cancellationToken);
        var street = registry.FindByCode(invocation.Street!) ?? registry.FindByName(invocation.Street!)
            ?? throw new CliEnvironmentException($"--street '{invocation.Street}' is not a street or town of {registry.DistrictName}: give its registry name or 12-digit code.");
        var obligation = rules.Find(invocation.Obligation!)
            ?? throw new CliEnvironmentException($"--obligation '{invocation.Obligation}' is not owed: the obligations are {string.Join(", ", rules.Owed.Select(o => $"{o.Key} ({o.Label})"))}.");
        var period = invocation.Period!;
        var outcome = await services.GetRequiredService<SubmissionReturns>().ReturnAsync(period, street.Code, obligation, invocation.Note!, cancellationToken);
        var what = $"{period} {street.Name} {obligation.Label}";
        switch (outcome.Result)
        {
            case ReviewResult.PeriodClosed:
                await stdout.WriteLineAsync($"{what}: the period is closed (official version {outcome.OfficialVersion}); reopen it before returning a submission");
                return ExitCodes.Error;
            case ReviewResult.NothingToReview:
                await stdout.WriteLineAsync($"{what}: no accepted file stands, nothing to return");
                return ExitCodes.Error;
        }

        var returned = outcome.Returned!;
        var at = Timestamps.Beijing(returned.At);
        await stdout.WriteLineAsync(outcome.Result == ReviewResult.Recorded
            ? $"{what}: {returned.File} returned (已退回 (人工)) at {at} Beijing time; it stands until the street uploads again, and the period cannot be closed meanwhile without --force"
            : $"{what}: {returned.File} was returned already at {at} Beijing time (reason: {returned.Reason}); nothing new recorded");
        if (!outcome.NoticeSent)
        {
            await stdout.WriteLineAsync($"the {SubmissionReturn.MessageSubject} message was not sent (Service Bus unreachable): run the same command again to send it");
            return ExitCodes.Error;
        }

        return ExitCodes.Success;
    }

    private static async Task<int> DismissAsync(Invocation invocation, IServiceProvider services, TextWriter stdout, CancellationToken cancellationToken)
    {
        var period = invocation.Period!;
        var file = invocation.UploadPath!;
        var outcome = await services.GetRequiredService<CorrectionDismissals>().DismissAsync(period, file, invocation.Note!, cancellationToken);
        var uploaded = outcome.UploadedAt is { } at ? Timestamps.Beijing(at) : null;
        switch (outcome.Result)
        {
            case ReviewResult.Recorded:
                await stdout.WriteLineAsync($"{period}: correction {file} (uploaded {uploaded}) dismissed; it no longer waits for a reopen and replay leaves it out");
                return ExitCodes.Success;
            case ReviewResult.AlreadyRecorded:
                await stdout.WriteLineAsync($"{period}: correction {file} (uploaded {uploaded}) was dismissed already (reason: {outcome.Reason}); nothing changed");
                return ExitCodes.Success;
            case ReviewResult.NothingToReview:
            case ReviewResult.PeriodClosed:
                await stdout.WriteLineAsync($"{period}: {file} is not a correction waiting for a reopen (see pipeline status --period {period})");
                return ExitCodes.Error;
            default:
                throw new ArgumentOutOfRangeException(nameof(invocation), outcome.Result, null);
        }
    }
}
