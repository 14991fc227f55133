using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;
using Pipeline.Core.Forms;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Cli.CommandLine;

/// <summary>
/// The <c>pipeline</c> command line on System.CommandLine: every option is defined once here and added to the verbs
/// that take it; the checks keep the CLI's own one-line messages, whatever the parser's language.
/// </summary>
public static class PipelineCli
{
    private static readonly Option<string?> Period = Month("--period", "The month, as YYYY-MM (what it defaults to is the verb's).");
    private static readonly Option<string?> Close = Month("--close", "Then close this month as its next official version.");
    private static readonly Option<string?> Input = Text("--input", "DIR", "The folder of uploads; sub-folders are kept, so uploads/2020-12/… supplies the period.");
    private static readonly Option<string?> OutFolder = Text("--out", "DIR", "The folder the receipts, findings, summary and report site are written to.");
    private static readonly Option<string?> OutFile = Text("--out", "FILE", "The workbook (.xlsx) to write.");
    private static readonly Option<string?> Subscription = Text("--subscription", "NAME", "A subscription of the summary topic to print (and remove) the run's summaries from.");
    private static readonly Option<string?> Note = Text("--note", "TEXT", "A note for the version history.");
    private static readonly Option<string?> Reason = Text("--reason", "TEXT", "Why: the version history shows it for reopen, the street and the status page for return, the status page for dismiss.");
    private static readonly Option<string?> Obligation = Text("--obligation", "NAME", "What the street owes, as in status: CompoundRoster, AppealCounts (or TicketExport), or its Chinese label.");
    private static readonly Option<string?> UploadPath = Text("--file", "PATH", "The upload's path in the uploads container, as status shows it.");
    private static readonly Option<bool> Force = new("--force") { Description = "Close although a returned submission stands; needs --note, which the version history shows." };
    private static readonly Option<string?> CatalogFile = Text("--catalog", "FILE", "A form catalog (.json): FORM may then be the code of any of its forms, its template built from the catalog's columns.");
    private static readonly Option<string?> Street = Text("--street", "NAME|CODE", "One street or town, by registry name or 12-digit code; blank without.");
    private static readonly Option<bool> Strict = new("--strict") { Description = "Exit 1 when a file is rejected." };
    private static readonly Option<bool> Json = new("--json") { Description = "Write JSON to stdout instead of text." };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Show the pipeline's log, the SDKs' logs and stack traces of errors.", Recursive = true };

    private static readonly Argument<string[]> Files = NotOptions(new Argument<string[]>("FILE")
    {
        Description = "Upload files (.csv, .xlsx, .xls); a YYYY-MM folder in a path supplies the period.",
        Arity = ArgumentArity.ZeroOrMore,
    });

    private static readonly Argument<string?> FormsAction = new("ACTION")
    {
        Description = "check: check catalog files offline; publish: upload one to the district's forms/ folder, where it takes effect once accepted.",
        Arity = ArgumentArity.ExactlyOne,
    };

    private static readonly Argument<string[]> CatalogFiles = NotOptions(new Argument<string[]>("FILE")
    {
        Description = "Form catalog files (.json).",
        Arity = ArgumentArity.ZeroOrMore,
    });

    private static readonly Argument<string?> DivisionsAction = new("ACTION")
    {
        Description = "check: check registry files with their validity and links offline, and print what changes in which period; publish: upload one to the district's divisions/ folder, where it takes effect once accepted.",
        Arity = ArgumentArity.ExactlyOne,
    };

    private static readonly Argument<string[]> RegistryFiles = NotOptions(new Argument<string[]>("FILE")
    {
        Description = "Registry files (.json).",
        Arity = ArgumentArity.ZeroOrMore,
    });

    private static readonly Argument<string?> TemplateForm = new("FORM") { Description = $"The form of the template: {TemplateForms}.", Arity = ArgumentArity.ZeroOrOne };

    private static readonly string[] RootExamples =
    [
        "pipeline validate uploads/2020-12/*.csv",
        "pipeline run --input uploads --out out --strict",
        "pipeline status --period 2020-12 --json",
        "pipeline validate --help",
    ];

    /// <summary>The root command, with a verb for each subcommand.</summary>
    public static Command Root { get; } = Build();

    /// <summary>Parses <paramref name="args"/> without running anything; help and version are left to the caller.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        // No response files: an upload may well be named @something.csv.
        Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>The invocation a parse result without errors stands for; else a <see cref="UsageException"/> with one clear line.</summary>
    public static Invocation ToInvocation(ParseResult result)
    {
        var command = result.CommandResult.Command;
        if (result.Errors.Count > 0 || command == Root)
        {
            throw new UsageException(UsageMessage(result), command);
        }

        var form = Value(result, TemplateForm);
        IReadOnlyList<string> files = form is not null ? [form] : Value(result, Files) ?? Value(result, CatalogFiles) ?? Value(result, RegistryFiles) ?? [];
        return new Invocation(command.Name, files, Value(result, Input),
            Value(result, OutFolder) ?? Value(result, OutFile), Value(result, Period), Value(result, Strict), Value(result, Json), Value(result, Verbose))
        {
            Note = Value(result, Note) ?? Value(result, Reason),
            ClosePeriod = Value(result, Close),
            Street = Value(result, Street),
            Obligation = Value(result, Obligation),
            UploadPath = Value(result, UploadPath),
            Force = Value(result, Force),
            Action = Value(result, FormsAction) ?? Value(result, DivisionsAction),
            Subscription = Value(result, Subscription),
            Catalog = Value(result, CatalogFile),
        };
    }

    /// <summary>Whether the parse asks for help (<c>--help</c>, <c>-h</c>), whatever else is wrong with it.</summary>
    public static bool IsHelp(ParseResult result) => result.Action is HelpWithExamples;

    /// <summary>Writes the help of <paramref name="command"/>, with its examples, as <c>--help</c> does.</summary>
    public static void WriteHelp(Command command, TextWriter writer)
    {
        // Verbs are one level deep.
        Parse(command == Root ? ["--help"] : [command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = writer });
    }

    private static Command Build()
    {
        // Not a RootCommand: that is named after the executable, which is dotnet's host under tests and LocalRun.
        var root = new Command("pipeline", "Ingest, check and publish the community-governance figures of Daxing district (大兴区).")
        {
            new HelpOption(),
            new VersionOption(),
            Verbose,
            Verb("run", "Ingest, recompute and publish a folder of uploads through the blob function's code path, then write the receipts, the latest summary and the report site to --out and print the figures. Needs Storage and ServiceBus.",
                ["pipeline run --input uploads --out out", "pipeline run --input uploads --out out --strict --close 2020-12"],
                Input, OutFolder, Period, Strict, Close, Subscription),
            Verb("validate", "Check files offline, as a clerk would before uploading. Without --period a missing period is only a warning. Exit 1 when a file has findings.",
                ["pipeline validate uploads/2020-12/黄村地区-小区物业台账.csv", "pipeline validate *.xlsx --period 2020-12 --json"],
                Files, Period, Json),
            Verb("ingest", "Upload files and ingest them exactly as the blob function does. Needs Storage.",
                ["pipeline ingest 台账.xlsx --period 2020-12", "pipeline ingest 台账.xlsx --period 2020-12 --json"],
                Files, Period, Json),
            Verb("recompute", "Recompute the figures from the stored rows (of every period without --period). Needs Storage.",
                ["pipeline recompute", "pipeline recompute --period 2020-12"],
                Period),
            Verb("publish", "Queue the monthly summary (of every period without --period), write its report and send what the outbox holds. Needs Storage and ServiceBus.",
                ["pipeline publish --period 2020-12"],
                Period),
            Verb("replay", "Ingest every upload again in upload order, ignoring receipts (with --period: those of that month): after a rules change, or after reopen.",
                ["pipeline replay", "pipeline replay --period 2020-12"],
                Period),
            Verb("status", "The period's submission ledger (by default the month now due) and its current figures. Needs Storage.",
                ["pipeline status", "pipeline status --period 2020-12 --json"],
                Period, Json),
            Verb("close", "Issue the period's current figures as its next official version (封账); later uploads for it are refused. Refused while a returned submission stands, unless --force. Needs Storage and ServiceBus.",
                ["pipeline close --period 2020-12 --note \"12月数据已核对\"", "pipeline close --period 2020-12 --force --note \"清源街道逾期未改，按原数据封账\""],
                Period, Note, Force),
            Verb("reopen", "Make a closed period provisional again; the next close is its next official version. Needs Storage and ServiceBus.",
                ["pipeline reopen --period 2020-12 --reason \"黄村地区补报台账\""],
                Period, Reason),
            Verb("return", "Send a street's accepted submission back (审核退回) with a reason: 已退回 (人工) until the street uploads again; a submission.returned message goes to the topic. Needs Storage and ServiceBus.",
                ["pipeline return --period 2020-12 --street 清源街道 --obligation CompoundRoster --reason \"第3行小区户数与上月差异过大，请核实\""],
                Period, Street, Obligation, Reason),
            Verb("dismiss", "Dismiss a correction that arrived after the period was closed: it no longer waits for a reopen, and replay leaves it out. Needs Storage.",
                ["pipeline dismiss --period 2020-12 --file 2020-12/清源街道-更正.xlsx --reason \"已在1月数据中更正\""],
                Period, UploadPath, Reason),
            Verb("forms", "Check form catalog files offline (every form, column, check, measure, indicator and weight), or publish one as a new catalog version. Exit 1 when a file has problems or is refused. publish needs Storage and ServiceBus.",
                ["pipeline forms check forms-2021.json", "pipeline forms publish forms-2021.json"],
                FormsAction, CatalogFiles),
            Verb("divisions", "Check registry files offline: every street and community with its validity (from, until), kind and successors, and what changes in which period (区划变更); or publish one as a new registry version. Exit 1 when a file has problems or is refused. publish needs Storage and ServiceBus.",
                ["pipeline divisions check divisions-2021.json", "pipeline divisions publish divisions-2021.json"],
                DivisionsAction, RegistryFiles),
            Verb("template", $"Write a submission template (填报模板) for clerks, blank or for one street. Offline. FORM is one of {TemplateForms}.",
                ["pipeline template roster --out 台账模板.xlsx", "pipeline template tickets --street 清源街道 --period 2020-12 --out 清源街道-工单.xlsx",
                 "pipeline template GarbageSorting --catalog forms-2021.json --street 清源街道 --out 清源街道-垃圾分类.xlsx"],
                TemplateForm, CatalogFile, Street, Period, OutFile),
        };
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new HelpWithExamples((HelpAction)help.Action!);
        }

        return root;
    }

    private static Command Verb(string name, string description, string[] examples, params Symbol[] symbols)
    {
        var verb = new VerbCommand(name, description, examples);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    verb.Options.Add(option);
                    break;
                case Argument argument:
                    verb.Arguments.Add(argument);
                    break;
            }
        }

        verb.Validators.Add(Check);
        return verb;
    }

    /// <summary>What each verb needs, in the words the CLI always used.</summary>
    private static void Check(CommandResult result)
    {
        var verb = result.Command.Name;
        var message = verb switch
        {
            "run" when result.GetValue(Input) is null || result.GetValue(OutFolder) is null => "run needs --input DIR and --out DIR",
            "close" or "reopen" when result.GetValue(Period) is null => $"{verb} needs --period YYYY-MM",
            "reopen" when string.IsNullOrWhiteSpace(result.GetValue(Reason)) => "reopen needs --reason TEXT: the version history shows why the period was reopened",
            "close" when result.GetValue(Force) && string.IsNullOrWhiteSpace(result.GetValue(Note)) => "close --force needs --note TEXT: the version history shows why the period was closed over returned submissions",
            "return" when result.GetValue(Period) is null || result.GetValue(Street) is null || result.GetValue(Obligation) is null || string.IsNullOrWhiteSpace(result.GetValue(Reason))
                => "return needs --period YYYY-MM, --street NAME|CODE, --obligation NAME and --reason TEXT: the street is told why",
            "dismiss" when result.GetValue(Period) is null || result.GetValue(UploadPath) is null || string.IsNullOrWhiteSpace(result.GetValue(Reason))
                => "dismiss needs --period YYYY-MM, --file PATH and --reason TEXT: the status page shows why",
            "reopen" or "return" or "dismiss" when result.GetValue(Reason)!.Trim().Length > SubmissionReturn.MaxReasonLength
                => $"--reason is at most {SubmissionReturn.MaxReasonLength} characters",
            "validate" or "ingest" when result.GetValue(Files) is not { Length: > 0 } => $"{verb} needs at least one FILE",
            "divisions" when result.GetValue(DivisionsAction) is not ("check" or "publish") => $"unknown divisions action '{result.GetValue(DivisionsAction)}': the actions are check and publish",
            "divisions" when result.GetValue(RegistryFiles) is not { Length: > 0 } => $"divisions {result.GetValue(DivisionsAction)} needs at least one FILE",
            "divisions" when result.GetValue(DivisionsAction) == "publish" && result.GetValue(RegistryFiles)!.Length > 1 => "divisions publish takes one FILE: each version is published on its own",
            "forms" when result.GetValue(FormsAction) is not ("check" or "publish") => $"unknown forms action '{result.GetValue(FormsAction)}': the actions are check and publish",
            "forms" when result.GetValue(CatalogFiles) is not { Length: > 0 } => $"forms {result.GetValue(FormsAction)} needs at least one FILE",
            "forms" when result.GetValue(FormsAction) == "publish" && result.GetValue(CatalogFiles)!.Length > 1 => "forms publish takes one FILE: each version is published on its own",
            "template" when result.GetValue(TemplateForm) is null || result.GetValue(OutFile) is null => $"template needs one FORM ({TemplateForms}) and --out FILE",
            "template" when result.GetValue(CatalogFile) is null && CatalogTemplate.FormNamed(FormCatalogs.Builtin, result.GetValue(TemplateForm)!) is null => $"unknown template '{result.GetValue(TemplateForm)}': the forms are {TemplateForms}, or a form's code with --catalog FILE",
            _ => null,
        };
        if (message is not null)
        {
            result.AddError(message);
        }
    }

    /// <summary>The first thing wrong, as the CLI says it: unknown words first, then options, then what the verb needs.</summary>
    private static string UsageMessage(ParseResult result)
    {
        var verb = result.CommandResult.Command;
        if (result.UnmatchedTokens is [var token, ..])
        {
            return verb == Root ? $"unknown verb '{token}'"
                : token.StartsWith('-') ? $"'{verb.Name}' does not take {token}"
                : verb.Arguments.Contains(TemplateForm) ? $"template needs one FORM ({TemplateForms}) and --out FILE"
                : $"'{verb.Name}' takes no files ('{token}')";
        }

        if (verb == Root)
        {
            return "no verb given";
        }

        var error = result.Errors.OrderBy(e => e.SymbolResult is CommandResult ? 1 : 0).First();
        return error.SymbolResult switch
        {
            OptionResult { Tokens.Count: 0 } option => $"{option.Option.Name} needs a value",
            OptionResult { Tokens.Count: > 1 } option => $"{option.Option.Name} is given more than once",
            _ => error.Message,
        };
    }

    /// <summary>The examples (and, for the root, the exit codes) that end a command's help.</summary>
    private static void WriteFooter(Command command, TextWriter output)
    {
        IReadOnlyList<string> examples = command switch
        {
            VerbCommand verb => verb.Examples,
            _ when command == Root => RootExamples,
            _ => [],
        };
        output.WriteLine("Examples:");
        foreach (var example in examples)
        {
            output.WriteLine($"  {example}");
        }

        if (command == Root)
        {
            output.WriteLine();
            output.WriteLine("Exit codes:");
            output.WriteLine("  0  success");
            output.WriteLine("  1  findings (validate) or a rejected file (run --strict)");
            output.WriteLine("  2  usage or environment error");
        }

        output.WriteLine();
    }

    private static Option<string?> Month(string name, string description)
    {
        var option = Text(name, "YYYY-MM", description);
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && !value.StartsWith("--", StringComparison.Ordinal) && !Periods.IsValid(value))
            {
                result.AddError($"{name} '{value}' is not a month: write it as YYYY-MM, e.g. 2020-12");
            }
        });
        return option;
    }

    private static Option<string?> Text(string name, string helpName, string description)
    {
        var option = new Option<string?>(name) { HelpName = helpName, Description = description };
        // The parser would take the next option for the value ("--period --json"): the CLI never did.
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && value.StartsWith("--", StringComparison.Ordinal))
            {
                result.AddError($"{name} needs a value");
            }
        });
        return option;
    }

    /// <summary>Words starting with -- are options, never files: an unknown one is an error, not a file that does not exist.</summary>
    private static Argument<string[]> NotOptions(Argument<string[]> files)
    {
        files.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal)) is { } option)
            {
                result.AddError($"'{((CommandResult)result.Parent!).Command.Name}' does not take {option.Value}");
            }
        });
        return files;
    }

    /// <summary>A symbol's value, or its default when the parsed verb does not have it.</summary>
    private static T? Value<T>(ParseResult result, Option<T> option) => result.GetResult(option) is null ? default : result.GetValue(option);

    private static T? Value<T>(ParseResult result, Argument<T> argument) => result.GetResult(argument) is null ? default : result.GetValue(argument);

    private static string TemplateForms => string.Join(", ", FormCatalogs.Builtin.Forms.Select(f => f.TemplateFile));

    /// <summary>System.CommandLine's help, then the command's examples.</summary>
    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exit = help.Invoke(parseResult);
            WriteFooter(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
            return exit;
        }
    }

    /// <summary>A verb and the examples its help ends with.</summary>
    private sealed class VerbCommand(string name, string description, IReadOnlyList<string> examples) : Command(name, description)
    {
        public IReadOnlyList<string> Examples { get; } = examples;
    }
}
