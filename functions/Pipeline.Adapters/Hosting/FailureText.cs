using Azure;
using Azure.Messaging.ServiceBus;

namespace Pipeline.Adapters.Hosting;

/// <summary>
/// A failure as one line for an operator: the service's status and error code and the first line of its message.
/// The services' own messages run over many lines (response bodies, headers); those stay for --verbose and the logs.
/// </summary>
public static class FailureText
{
    public static string OneLine(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => OneLine(aggregate.InnerExceptions[0]),
        RequestFailedException storage => $"storage answered {storage.Status}{(storage.ErrorCode is { Length: > 0 } code ? $" {code}" : "")}: {FirstLine(storage.Message)}",
        ServiceBusException bus => $"Service Bus {bus.Reason}: {FirstLine(bus.Message)}",
        _ => FirstLine(error.Message),
    };

    private static string FirstLine(string message)
    {
        var line = message.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }
}
