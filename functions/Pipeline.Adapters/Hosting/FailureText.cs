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
        RequestFailedException storage => $"storage answered {storage.Status}{(storage.ErrorCode is { Length: > 0 } code ? $" {code}" : Hint(storage.Status))}: {FirstLine(storage.Message)}",
        ServiceBusException bus => $"Service Bus {bus.Reason}: {FirstLine(bus.Message)}",
        _ => FirstLine(error.Message),
    };

    // Some answers carry no error code (a HEAD, an empty body): the status still says what to check.
    private static string Hint(int status) => status switch
    {
        401 or 403 => " (access denied: check the account key, or the identity's role on the account)",
        404 => " (not found)",
        _ => "",
    };

    private static string FirstLine(string message)
    {
        var line = message.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }
}
