using Pipeline.Cli.CommandLine;

namespace Pipeline.Cli.Verbs;

/// <summary>Which verb runs an invocation.</summary>
public static class Dispatch
{
    public static Task<int> RunAsync(Invocation invocation, TextWriter stdout, CancellationToken cancellationToken) =>
        invocation.Verb switch
        {
            "run" => RunVerb.RunAsync(invocation, stdout, cancellationToken),
            "validate" => ValidateVerb.RunAsync(invocation, stdout),
            "ingest" => IngestVerb.RunAsync(invocation, stdout, cancellationToken),
            "replay" => ReplayVerb.RunAsync(invocation, stdout, cancellationToken),
            "recompute" => RecomputeVerb.RunAsync(invocation, stdout, cancellationToken),
            "publish" => PublishVerb.RunAsync(invocation, stdout, cancellationToken),
            "status" => StatusVerb.RunAsync(invocation, stdout, cancellationToken),
            "close" or "reopen" => CloseVerb.RunAsync(invocation, stdout, cancellationToken),
            "template" => TemplateVerb.RunAsync(invocation, stdout),
            _ => throw new UsageException($"unknown verb '{invocation.Verb}'"),
        };
}
