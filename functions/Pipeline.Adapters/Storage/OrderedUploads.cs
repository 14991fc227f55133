using Azure.Storage.Blobs;

namespace Pipeline.Adapters.Storage;

/// <summary>
/// Uploads files one after another so that storage records each in a later second than the one before: Last-Modified
/// has whole seconds, and uploads are ordered by it (ties by ETag), so files uploaded together keep the order they
/// were given in. A no-op wait for uploads that are already a second apart.
/// </summary>
public sealed class OrderedUploads
{
    // Storage's clock, not the domain's: this is a physical wait, whatever clock the rest of the app is given.
    private readonly TimeProvider _clock = TimeProvider.System;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public async Task UploadAsync(BlobClient blob, Stream content, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Storage's clock and ours may differ by a little: wait until ours is past the next whole second.
            var next = _last.AddSeconds(1);
            var wait = new DateTimeOffset(next.Ticks - (next.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMilliseconds(50) - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, cancellationToken);
            }

            var info = (await blob.UploadAsync(content, overwrite: true, cancellationToken)).Value;
            _last = info.LastModified;
        }
        finally
        {
            _gate.Release();
        }
    }
}
