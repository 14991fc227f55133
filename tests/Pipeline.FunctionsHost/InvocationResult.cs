using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace Pipeline.FunctionsHost;

/// <summary>The worker's response to one invocation and the logs it sent for it.</summary>
public sealed record InvocationResult(InvocationResponse Response, IReadOnlyList<RpcLog> Logs)
{
    public bool Succeeded => Response.Result.Status == StatusResult.Types.Status.Success;
}

/// <summary>The worker exited, did not connect, or refused a start-up step; <see cref="WorkerOutput"/> is what it wrote.</summary>
public sealed class WorkerStartFailedException(string reason, string workerOutput)
    : Exception($"The functions worker did not start: {reason}.")
{
    public string WorkerOutput { get; } = workerOutput;
}
