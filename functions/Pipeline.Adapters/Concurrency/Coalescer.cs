namespace Pipeline.Adapters.Concurrency;

/// <summary>
/// Runs a job once per key at a time within this process; callers that arrive while it runs share the next run,
/// which starts after the current one ends. Each caller's result thus comes from a run that started after the caller
/// asked, and so sees whatever the caller wrote before asking; a burst of N callers costs two runs, not N. The jobs
/// given for one key must be interchangeable: the next run is the job of the first caller that waits for it. Other
/// processes are not coordinated with: what a job writes must still be safe side by side (ETags, versions).
/// </summary>
public sealed class Coalescer<T>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending?> _running = new(StringComparer.Ordinal);

    public Task<T> RunAsync(string key, Func<Task<T>> job, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(key, out var next))
            {
                next ??= _running[key] = new Pending(job);
                return next.Result.Task.WaitAsync(cancellationToken);
            }

            _running[key] = null;
            var first = new Pending(job);
            _ = RunAllAsync(key, first);
            return first.Result.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAllAsync(string key, Pending run)
    {
        // Never inside the caller's lock, whatever the job does synchronously.
        await Task.Yield();
        while (true)
        {
            try
            {
                run.Result.SetResult(await run.Job());
            }
            catch (OperationCanceledException e)
            {
                run.Result.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                run.Result.SetException(e);
            }

            lock (_lock)
            {
                if (_running[key] is not { } next)
                {
                    _running.Remove(key);
                    return;
                }

                _running[key] = null;
                run = next;
            }
        }
    }

    private sealed class Pending(Func<Task<T>> job)
    {
        public Func<Task<T>> Job { get; } = job;

        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
