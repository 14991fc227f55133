using Pipeline.Fuzz;

namespace Pipeline.IntegrationTests.Spreadsheets;

/// <summary>
/// Replays every input the fuzzer found a defect with (tests/Pipeline.Fuzz/regressions/TARGET/), and its seeds, against
/// the readers' contract: only a rejection from reading and enumerating every row, nothing at all from inspection,
/// and the cost within the read budget. <see cref="ReaderContract"/> is the fuzz targets' own check, linked in.
/// </summary>
public sealed class FuzzRegressionTests
{
    /// <summary>What a pass may take past its deadline: the readers check the time between rows, and CI runs tests side by side.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string> Regressions() => Inputs("regressions");

    public static TheoryData<string, string> Seeds() => Inputs("seeds");

    [Theory]
    [MemberData(nameof(Regressions))]
    public Task A_fuzzer_found_input_is_read_or_rejected_and_inspected_without_an_exception(string target, string input) => Replay(target, input);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task A_fuzz_seed_meets_the_contract(string target, string input) => Replay(target, input);

    private static async Task Replay(string target, string input)
    {
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Combine("tests", "Pipeline.Fuzz", input), TestContext.Current.CancellationToken);
        // On a worker thread, so an input that never finishes fails this test instead of hanging the run; an exception
        // that escapes the readers fails it as itself.
        var deadline = ReaderContract.Deadline(bytes.Length) + Slack;
        var check = Task.Run(() => ReaderContract.Check(target, bytes), TestContext.Current.CancellationToken);
        CheckResult result = default;
        try
        {
            result = await check.WaitAsync(2 * deadline, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{input}: still reading after {(2 * deadline).TotalSeconds:0} s, past the read budget.");
        }

        // Each pass reads the file once, within the budget the readers enforce (and reject past).
        Assert.True(result.Read <= deadline, $"{input}: reading took {result.Read.TotalSeconds:0.0} s, past its {deadline.TotalSeconds:0} s budget.");
        Assert.True(result.Inspect <= deadline, $"{input}: inspecting took {result.Inspect.TotalSeconds:0.0} s, past its {deadline.TotalSeconds:0} s budget.");
    }

    /// <summary>(target, path under tests/Pipeline.Fuzz) for every file of each target's folder, so each input is its own test case.</summary>
    private static TheoryData<string, string> Inputs(string folder)
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.FileNames.Keys)
        {
            var directory = RepositoryPaths.Combine("tests", "Pipeline.Fuzz", folder, target);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                data.Add(target, $"{folder}/{target}/{Path.GetFileName(file)}");
            }
        }

        return data;
    }
}
