namespace Pipeline.Cli.CommandLine;

/// <summary>One parsed command line: the verb, its files and its options. <see cref="PipelineCli"/> fills it.</summary>
public sealed record Invocation(
    string Verb,
    IReadOnlyList<string> Files,
    string? Input,
    string? Out,
    string? Period,
    bool Strict,
    bool Json,
    bool Verbose)
{
    /// <summary>The note of <c>close</c>, or the reason of <c>reopen</c>, <c>return</c> and <c>dismiss</c>.</summary>
    public string? Note { get; init; }

    /// <summary>The period <c>run --close</c> closes once the files are processed.</summary>
    public string? ClosePeriod { get; init; }

    /// <summary>The street of <c>template</c> and <c>return</c>, by registry name or 12-digit code.</summary>
    public string? Street { get; init; }

    /// <summary>The obligation <c>return</c> sends back: its key, one of its kinds, or its Chinese label.</summary>
    public string? Obligation { get; init; }

    /// <summary>The upload <c>dismiss</c> dismisses, by its path in the uploads container.</summary>
    public string? UploadPath { get; init; }

    /// <summary>What <c>forms</c> does: check or publish.</summary>
    public string? Action { get; init; }

    /// <summary><c>close --force</c>: close over returned submissions.</summary>
    public bool Force { get; init; }

    /// <summary>The form catalog file <c>template --catalog</c> takes its form from.</summary>
    public string? Catalog { get; init; }

    /// <summary>The subscription of the summary topic <c>run --subscription</c> reads the run's summaries back from.</summary>
    public string? Subscription { get; init; }
}
