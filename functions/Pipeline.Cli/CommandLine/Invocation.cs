using System.Text.RegularExpressions;

namespace Pipeline.Cli.CommandLine;

/// <summary>One parsed command line: the verb, its files and its options.</summary>
public sealed partial record Invocation(
    string Verb,
    IReadOnlyList<string> Files,
    string? Input,
    string? Out,
    string? Period,
    bool Strict,
    bool Json,
    bool Verbose)
{
    /// <summary>The note of <c>close</c>, or the reason of <c>reopen</c>.</summary>
    public string? Note { get; init; }

    /// <summary>The period <c>run --close</c> closes once the files are processed.</summary>
    public string? ClosePeriod { get; init; }

    /// <summary>The street of <c>template</c>, by registry name or 12-digit code.</summary>
    public string? Street { get; init; }

    /// <summary>The subscription of the summary topic <c>run --subscription</c> reads the run's summaries back from.</summary>
    public string? Subscription { get; init; }

    public const string Usage = """
        usage: pipeline <verb> [options]
          run --input DIR --out DIR [--period YYYY-MM] [--strict] [--close YYYY-MM] [--subscription NAME]
                                                                    ingest, recompute and publish a folder of uploads
          validate FILE... [--period YYYY-MM] [--json]              check files offline, as a clerk would before uploading
          ingest FILE... [--period YYYY-MM]                         upload files and ingest them
          recompute [--period YYYY-MM]                              recompute figures from stored rows
          publish [--period YYYY-MM]                                publish summaries and the report
          replay [--period YYYY-MM]                                 re-ingest the uploads (of one period) in upload order
          status [--period YYYY-MM] [--json]                        the period's submission ledger and its figures
          close --period YYYY-MM [--note TEXT]                      issue the period's figures as its next official version
          reopen --period YYYY-MM --reason TEXT                     make a closed period provisional again
          template roster|counts|tickets [--street NAME|CODE] [--period YYYY-MM] --out FILE
                                                                    write a submission template (填报模板) for clerks
        options: --verbose shows stack traces of errors
        exit codes: 0 success; 1 findings (validate) or a rejected file (run --strict); 2 usage or environment error
        """;

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["run"] = ["--input", "--out", "--period", "--strict", "--close", "--subscription"],
        ["validate"] = ["--period", "--json"],
        ["ingest"] = ["--period"],
        ["recompute"] = ["--period"],
        ["publish"] = ["--period"],
        ["replay"] = ["--period"],
        ["status"] = ["--period", "--json"],
        ["close"] = ["--period", "--note"],
        ["reopen"] = ["--period", "--reason"],
        ["template"] = ["--street", "--period", "--out"],
    };

    private static readonly HashSet<string> Flags = ["--strict", "--json", "--verbose"];

    /// <summary>Parses <paramref name="args"/>; a usage error is a <see cref="UsageException"/> with one clear line.</summary>
    public static Invocation Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            throw new UsageException("no verb given");
        }

        var verb = args[0];
        if (!Allowed.TryGetValue(verb, out var allowed))
        {
            throw new UsageException($"unknown verb '{verb}'");
        }

        var files = new List<string>();
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                files.Add(arg);
                continue;
            }

            if (arg != "--verbose" && !allowed.Contains(arg))
            {
                throw new UsageException($"'{verb}' does not take {arg}");
            }

            if (Flags.Contains(arg))
            {
                flags.Add(arg);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[arg] = args[++i];
            }
            else
            {
                throw new UsageException($"{arg} needs a value");
            }
        }

        var invocation = new Invocation(verb, files, values.GetValueOrDefault("--input"), values.GetValueOrDefault("--out"),
            values.GetValueOrDefault("--period"), flags.Contains("--strict"), flags.Contains("--json"), flags.Contains("--verbose"))
        {
            Note = values.GetValueOrDefault("--note") ?? values.GetValueOrDefault("--reason"),
            ClosePeriod = values.GetValueOrDefault("--close"),
            Street = values.GetValueOrDefault("--street"),
            Subscription = values.GetValueOrDefault("--subscription"),
        };
        invocation.Check();
        return invocation;
    }

    private void Check()
    {
        foreach (var (option, value) in new[] { ("--period", Period), ("--close", ClosePeriod) })
        {
            if (value is not null && !PeriodPattern().IsMatch(value))
            {
                throw new UsageException($"{option} '{value}' is not a month: write it as YYYY-MM, e.g. 2020-12");
            }
        }

        switch (Verb)
        {
            case "run" when Input is null || Out is null:
                throw new UsageException("run needs --input DIR and --out DIR");
            case "close" or "reopen" when Period is null:
                throw new UsageException($"{Verb} needs --period YYYY-MM");
            case "reopen" when string.IsNullOrWhiteSpace(Note):
                throw new UsageException("reopen needs --reason TEXT: the version history shows why the period was reopened");
            case "validate" or "ingest" when Files.Count == 0:
                throw new UsageException($"{Verb} needs at least one FILE");
            case "template" when Files.Count != 1 || Out is null:
                throw new UsageException($"template needs one KIND ({TemplateKinds}) and --out FILE");
            case "template" when Core.SubmissionTemplates.SubmissionTemplate.KindNamed(Files[0]) is null:
                throw new UsageException($"unknown template '{Files[0]}': the kinds are {TemplateKinds}");
            case not ("validate" or "ingest" or "template") when Files.Count > 0:
                throw new UsageException($"'{Verb}' takes no files ('{Files[0]}')");
        }
    }

    private static string TemplateKinds => string.Join(", ", Core.SubmissionTemplates.SubmissionTemplate.Kinds.Select(k => k.Name));

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex PeriodPattern();
}
