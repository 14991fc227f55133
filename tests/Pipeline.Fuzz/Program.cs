using Pipeline.Fuzz;

// Pipeline.Fuzz TARGET                 afl-fuzz runs this: one input at a time from afl++'s shared memory.
// Pipeline.Fuzz TARGET FILE...         replays saved inputs outside afl++, printing any escaping exception whole.
// Pipeline.Fuzz seeds DIRECTORY        writes the generated seeds (from the repository's test writers and samples).
if (args is ["seeds", var directory])
{
    Seeds.Write(directory, RepositoryRoot());
    return 0;
}

if (args.Length == 0 || !FuzzTargets.FileNames.ContainsKey(args[0]))
{
    Console.Error.WriteLine($"usage: Pipeline.Fuzz ({string.Join('|', FuzzTargets.FileNames.Keys)}) [FILE...] | seeds DIRECTORY");
    return 2;
}

// Nothing instrumented (Adapters, Core, ExcelDataReader) may run before Run below: the coverage memory is not mapped yet.
var target = args[0];
if (args.Length > 1)
{
    return Replay(target, args[1..]);
}

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    var bytes = ReadAll(stream);
    // A read that outruns its own deadline is a defect even when it ends: fail fast so afl++ saves it as a crash
    // with a message, rather than as a hang whose cause is unknown. Two reads (the reader, then the inspection).
    var allowed = 2 * ReaderContract.Deadline(bytes.Length) + TimeSpan.FromSeconds(2);
    using var watchdog = new Timer(_ => Environment.FailFast($"{target}: reading took longer than {allowed.TotalSeconds:0} s, past the read budget"), null, allowed, Timeout.InfiniteTimeSpan);
    ReaderContract.Check(target, bytes);
});
return 0;

static byte[] ReadAll(Stream stream)
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    return copy.ToArray();
}

static int Replay(string target, string[] files)
{
    var failed = 0;
    foreach (var file in files)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var bytes = File.ReadAllBytes(file);
            var result = ReaderContract.Check(target, bytes);
            // A pass past its deadline broke the budget even though it ended (afl++ saw it as the watchdog's crash or a hang).
            var deadline = ReaderContract.Deadline(bytes.Length);
            var slow = result.Read > deadline || result.Inspect > deadline;
            failed += slow ? 1 : 0;
            Console.WriteLine($"{(slow ? "SLOW " : "ok   ")} {file}: {result.Rows} rows and cells (read {result.Read.TotalSeconds:0.0} s, inspect {result.Inspect.TotalSeconds:0.0} s, deadline {deadline.TotalSeconds:0} s each)");
        }
#pragma warning disable CA1031 // Replay reports every escaping exception: each one is a broken contract.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failed++;
            Console.WriteLine($"CRASH {file} ({started.Elapsed.TotalSeconds:0.0} s): {exception}");
        }
    }

    return failed == 0 ? 0 : 1;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Pipeline.sln not found above the fuzz project's output.");
}
