namespace Pipeline.Adapters.Concurrency;

/// <summary>
/// Lets this process's own writers of one contended entity take turns, so they do not lose optimistic-concurrency
/// races to each other and retry; writers in other processes are still ordered by ETags alone.
/// </summary>
public sealed class Turns
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
