using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace Pipeline.FunctionsHost;

/// <summary>
/// The host's end of one worker's event stream: the worker opens it with <c>StartStream</c>; requests go out with a
/// request id and their responses are matched back to it; invocation responses by invocation id; logs are kept. A
/// message the stand-in does not expect is recorded as a protocol error, for the test to fail on, never ignored.
/// </summary>
public sealed class WorkerStream
{
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();
    private readonly ConcurrentQueue<string> _protocolErrors = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private IServerStreamWriter<StreamingMessage>? _writer;

    /// <summary>The worker id the worker announced when it opened the stream.</summary>
    public Task<string> Started => _started.Task;

    public IReadOnlyList<RpcLog> Logs => [.. _logs];

    public IReadOnlyList<string> ProtocolErrors => [.. _protocolErrors];

    /// <summary>Reads the worker's messages until it closes the stream; called by the gRPC service for the one worker.</summary>
    internal async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _writer, responses, null) is not null)
        {
            _protocolErrors.Enqueue("a second event stream was opened");
            return;
        }

        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Receive(requests.Current);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker went away or the host stopped.
        }
        catch (IOException)
        {
            // The worker process ended without closing the stream.
        }
        finally
        {
            _closed.TrySetResult();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new WorkerStreamClosedException());
            }
        }
    }

    /// <summary>Sends a request and waits for the response that carries its request id (or, for an invocation, its invocation id).</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var key = request.ContentCase == StreamingMessage.ContentOneofCase.InvocationRequest
            ? Invocation(request.InvocationRequest.InvocationId)
            : request.RequestId;
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, response))
        {
            throw new InvalidOperationException($"Request {key} is already waiting for its response.");
        }

        try
        {
            await SendAsync(request, cancellationToken);
            return await response.Task.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Sends a message that has no response (e.g. <c>WorkerTerminate</c>).</summary>
    public async Task SendAsync(StreamingMessage message, CancellationToken cancellationToken = default)
    {
        var writer = _writer ?? throw new InvalidOperationException("The worker has not opened its event stream.");
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await writer.WriteAsync(message, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task Closed => _closed.Task;

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                if (!_started.TrySetResult(message.StartStream.WorkerId))
                {
                    _protocolErrors.Enqueue("StartStream sent twice");
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete(Invocation(message.InvocationResponse.InvocationId), message);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse
                or StreamingMessage.ContentOneofCase.FunctionMetadataResponse
                or StreamingMessage.ContentOneofCase.FunctionLoadResponse
                or StreamingMessage.ContentOneofCase.WorkerStatusResponse:
                Complete(message.RequestId, message);
                break;
            default:
                _protocolErrors.Enqueue($"unexpected message from the worker: {message.ContentCase}");
                break;
        }
    }

    private void Complete(string key, StreamingMessage message)
    {
        if (!_pending.TryGetValue(key, out var waiting) || !waiting.TrySetResult(message))
        {
            _protocolErrors.Enqueue($"{message.ContentCase} for {key}, which nothing asked for");
        }
    }

    private static string Invocation(string id) => $"invocation:{id}";
}

/// <summary>The worker closed its event stream (or its process ended) while a response was awaited.</summary>
public sealed class WorkerStreamClosedException() : Exception("The worker closed its event stream before it answered.");
