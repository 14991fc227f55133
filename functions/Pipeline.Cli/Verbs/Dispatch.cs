using Microsoft.Extensions.Configuration;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Verbs;

/// <summary>Which verb runs an invocation, with the settings it runs under; long verbs report to <c>progress</c>.</summary>
public static class Dispatch
{
    public static Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, ProgressLine progress, CancellationToken cancellationToken) =>
        invocation.Verb switch
        {
            "run" => RunVerb.RunAsync(invocation, settings, stdout, progress, cancellationToken),
            "validate" => ValidateVerb.RunAsync(invocation, settings, stdout),
            "ingest" => IngestVerb.RunAsync(invocation, settings, stdout, progress, cancellationToken),
            "replay" => ReplayVerb.RunAsync(invocation, settings, stdout, progress, cancellationToken),
            "recompute" => RecomputeVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "publish" => PublishVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "status" => StatusVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "close" or "reopen" => CloseVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "return" or "dismiss" => ReviewVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "forms" => FormsVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "divisions" => DivisionsVerb.RunAsync(invocation, settings, stdout, cancellationToken),
            "template" => TemplateVerb.RunAsync(invocation, settings, stdout),
            _ => throw new InvalidOperationException($"no verb '{invocation.Verb}'"),
        };
}
