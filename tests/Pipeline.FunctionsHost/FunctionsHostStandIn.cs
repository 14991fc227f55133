using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.FunctionsHost;

/// <summary>
/// Runs a built isolated-worker app the way the Functions host does: reads its <c>worker.config.json</c>, starts the
/// worker process with the host's command-line arguments and the app settings as environment variables, serves the
/// <c>FunctionRpc</c> event stream on loopback, initialises the worker, asks it to index its functions, loads them,
/// and then sends invocations. It speaks what the app uses (init, worker indexing, load, invocation, logs,
/// terminate) and nothing else: no placeholder mode, environment reload, shared memory, HTTP proxying, status
/// polling or cancellation.
/// </summary>
public sealed class FunctionsHostStandIn : IAsyncDisposable
{
    private static readonly TimeSpan Handshake = TimeSpan.FromSeconds(60);

    private readonly WebApplication _server;
    private readonly Process _worker;
    private readonly StringBuilder _output;
    private readonly Dictionary<string, RpcFunctionMetadata> _functions;
    private int _disposed;

    private FunctionsHostStandIn(WebApplication server, WorkerStream stream, Process worker, StringBuilder output, Dictionary<string, RpcFunctionMetadata> functions)
    {
        _server = server;
        Stream = stream;
        _worker = worker;
        _output = output;
        _functions = functions;
    }

    public WorkerStream Stream { get; }

    /// <summary>The functions the worker indexed, by name, as it described them.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions => _functions;

    /// <summary>What the worker process wrote to stdout and stderr, as the host's log shows it.</summary>
    public string WorkerOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app in <paramref name="appDirectory"/> with <paramref name="appSettings"/> (as in Azure, each one an
    /// environment variable; nothing else of this process's environment leaks in except what the runtime needs).
    /// Fails with <see cref="WorkerStartFailedException"/>, carrying the worker's output, when it exits or refuses.
    /// </summary>
    public static async Task<FunctionsHostStandIn> StartAsync(string appDirectory, IReadOnlyDictionary<string, string?> appSettings, CancellationToken cancellationToken = default)
    {
        var stream = new WorkerStream();
        var (server, address) = await LoopbackServer.StartAsync(app => app.MapGrpcService<EventStreamService>(), cancellationToken, HttpProtocols.Http2, services =>
        {
            services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = int.MaxValue;
                grpc.MaxSendMessageSize = int.MaxValue;
            });
            services.AddSingleton(stream);
        });
        var port = address.Port;
        var output = new StringBuilder();
        Process? worker = null;
        try
        {
            worker = StartWorker(appDirectory, appSettings, port, output);
            var exited = worker.WaitForExitAsync(cancellationToken);
            var started = await Task.WhenAny(stream.Started, exited, Task.Delay(Handshake, cancellationToken));
            if (started != stream.Started)
            {
                throw new WorkerStartFailedException(started == exited ? $"the worker exited with code {worker.ExitCode}" : "the worker did not connect", Text(output));
            }

            var functions = await InitialiseAsync(stream, appDirectory, output, cancellationToken);
            return new FunctionsHostStandIn(server, stream, worker, output, functions);
        }
        catch
        {
            if (worker is not null)
            {
                await StopAsync(worker);
            }

            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one invocation of <paramref name="function"/> and waits for its response.</summary>
    public async Task<InvocationResult> InvokeAsync(
        string function, IEnumerable<ParameterBinding> inputs, IReadOnlyDictionary<string, TypedData> triggerMetadata,
        RetryContext? retry = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var metadata = _functions.TryGetValue(function, out var found) ? found : throw new ArgumentException($"The worker has no function '{function}'.", nameof(function));
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = metadata.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01" },
            RetryContext = retry,
        };
        request.InputData.Add(inputs);
        foreach (var (name, value) in triggerMetadata)
        {
            request.TriggerMetadata.Add(name, value);
        }
        var response = await Stream.RequestAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request },
            timeout ?? TimeSpan.FromMinutes(2), cancellationToken);
        var logs = Stream.Logs.Where(l => l.InvocationId == request.InvocationId).ToList();
        return new InvocationResult(response.InvocationResponse, logs);
    }

    /// <summary>A blob was created in <paramref name="container"/>: invokes the function whose blob trigger watches it.</summary>
    public Task<InvocationResult> BlobCreatedAsync(string container, string blobName, RetryContext? retry = null, CancellationToken cancellationToken = default)
    {
        var (function, input, metadata) = TriggerEvents.BlobCreated(_functions, container, blobName);
        return InvokeAsync(function, [input], metadata, retry, cancellationToken: cancellationToken);
    }

    /// <summary>The timer elapsed (late, when <paramref name="pastDue"/>): invokes the timer-triggered function.</summary>
    public Task<InvocationResult> TimerElapsedAsync(DateTimeOffset last, DateTimeOffset next, bool pastDue, CancellationToken cancellationToken = default)
    {
        var (function, input) = TriggerEvents.TimerElapsed(_functions, last, next, pastDue);
        return InvokeAsync(function, [input], new Dictionary<string, TypedData>(), cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Once: a test may stop the worker early to read what it flushed on the way out.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_worker.HasExited)
        {
            try
            {
                // As the host does on shutdown: ask the worker to stop, then end it after a grace period.
                await Stream.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                await _worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
            {
            }
        }

        await StopAsync(_worker);
        await _server.DisposeAsync();
    }

    /// <summary>The worker's executable and path from its <c>worker.config.json</c>, and the arguments the host gives every language worker.</summary>
    private static Process StartWorker(string appDirectory, IReadOnlyDictionary<string, string?> appSettings, int port, StringBuilder output)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(description.GetProperty("defaultExecutablePath").GetString()!)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(appDirectory, description.GetProperty("defaultWorkerPath").GetString()!),
            "--host", "127.0.0.1", "--port", $"{port}", "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", $"{int.MaxValue}", "--functions-uri", $"http://127.0.0.1:{port}/",
            "--functions-worker-id", workerId, "--functions-request-id", requestId, "--functions-grpc-max-message-length", $"{int.MaxValue}",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the runtime itself needs of this process's environment; the app's settings come from appSettings.
        var inherited = start.Environment.Keys.Where(k => k is not ("PATH" or "HOME" or "DOTNET_ROOT" or "TMPDIR" or "TMP" or "TEMP") && !k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        foreach (var (name, value) in appSettings)
        {
            start.Environment[name] = value;
        }

        var worker = new Process { StartInfo = start };
        worker.OutputDataReceived += (_, line) => Append(output, line.Data);
        worker.ErrorDataReceived += (_, line) => Append(output, line.Data);
        worker.Start();
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Init, then worker indexing, then one load request per function, as the host does for an isolated worker.</summary>
    private static async Task<Dictionary<string, RpcFunctionMetadata>> InitialiseAsync(WorkerStream stream, string appDirectory, StringBuilder output, CancellationToken cancellationToken)
    {
        var init = await stream.RequestAsync(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0-standin", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        }, Handshake, cancellationToken);
        Require(init.WorkerInitResponse.Result, "init", output);

        var indexed = await stream.RequestAsync(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }, Handshake, cancellationToken);
        Require(indexed.FunctionMetadataResponse.Result, "function indexing", output);
        if (indexed.FunctionMetadataResponse.UseDefaultMetadataIndexing)
        {
            throw new WorkerStartFailedException("the worker asked the host to index its functions from functions.metadata", Text(output));
        }

        var functions = new Dictionary<string, RpcFunctionMetadata>();
        foreach (var metadata in indexed.FunctionMetadataResponse.FunctionMetadataResults)
        {
            if (string.IsNullOrEmpty(metadata.FunctionId))
            {
                metadata.FunctionId = Guid.NewGuid().ToString();
            }

            var loaded = await stream.RequestAsync(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata },
            }, Handshake, cancellationToken);
            Require(loaded.FunctionLoadResponse.Result, $"loading {metadata.Name}", output);
            functions.Add(metadata.Name, metadata);
        }

        return functions;
    }

    private static void Require(StatusResult result, string step, StringBuilder output)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerStartFailedException($"{step} failed: {result.Exception?.Message}", Text(output));
        }
    }

    private static async Task StopAsync(Process worker)
    {
        if (!worker.HasExited)
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        worker.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
