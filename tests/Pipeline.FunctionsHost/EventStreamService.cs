using Grpc.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace Pipeline.FunctionsHost;

/// <summary>The host's gRPC service, <c>FunctionRpc.EventStream</c>, handing the one worker's stream to <see cref="WorkerStream"/>.</summary>
internal sealed class EventStreamService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        stream.RunAsync(requestStream, responseStream, context.CancellationToken);
}
