using Pipeline.Adapters.Concurrency;

namespace Pipeline.IntegrationTests.Concurrency;

public sealed class CoalescerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Callers_arriving_during_a_run_share_one_next_run_that_starts_after_they_asked()
    {
        var coalescer = new Coalescer<int>();
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        async Task<int> Job()
        {
            var run = Interlocked.Increment(ref runs);
            // What the run "sees": the callers that had asked when it started.
            var seen = Volatile.Read(ref asked);
            if (run == 1)
            {
                started.SetResult();
                await release.Task;
            }

            return seen;
        }

        Interlocked.Increment(ref asked);
        var first = coalescer.RunAsync("2020-12", Job, Ct);
        await started.Task.WaitAsync(Ct);
        var later = Enumerable.Range(0, 10).Select(_ =>
        {
            Interlocked.Increment(ref asked);
            return coalescer.RunAsync("2020-12", Job, Ct);
        }).ToList();
        release.SetResult();

        Assert.Equal(1, await first);
        Assert.All(await Task.WhenAll(later), seen => Assert.Equal(11, seen));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Keys_run_independently_and_a_call_after_a_run_ended_gets_a_run_of_its_own()
    {
        var coalescer = new Coalescer<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var december = coalescer.RunAsync("2020-12", async () => { await gate.Task; return "December"; }, Ct);

        // Another key is not held up by the first.
        Assert.Equal("November", await coalescer.RunAsync("2020-11", () => Task.FromResult("November"), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));
        gate.SetResult();
        Assert.Equal("December", await december);

        var runs = 0;
        for (var i = 0; i < 3; i++)
        {
            await coalescer.RunAsync("2020-12", () => Task.FromResult(Interlocked.Increment(ref runs).ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
        }

        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_failed_run_fails_its_callers_only_and_the_next_run_still_happens()
    {
        var coalescer = new Coalescer<int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = coalescer.RunAsync("p", async () =>
        {
            started.SetResult();
            await release.Task;
            throw new InvalidOperationException("storage unreachable");
        }, Ct);
        await started.Task.WaitAsync(Ct);
        var next = coalescer.RunAsync("p", () => Task.FromResult(42), Ct);
        release.SetResult();

        Assert.Equal("storage unreachable", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(42, await next);
    }

    [Fact]
    public async Task A_waiting_caller_can_give_up_without_cancelling_the_run_others_wait_for()
    {
        var coalescer = new Coalescer<int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = coalescer.RunAsync("p", async () => { started.SetResult(); await release.Task; return 1; }, Ct);
        await started.Task.WaitAsync(Ct);
        using var impatient = new CancellationTokenSource();
        var gaveUp = coalescer.RunAsync("p", () => Task.FromResult(2), impatient.Token);
        var patient = coalescer.RunAsync("p", () => Task.FromResult(3), Ct);
        await impatient.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Equal(1, await first);
        Assert.Equal(2, await patient); // the next run is the job of the first caller that waited for it
    }
}
