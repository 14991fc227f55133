using Microsoft.Azure.Amqp;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The <c>$cbs</c> node (claims-based security). The client puts a token before every link it opens and
/// waits for the answer; the test broker accepts any token, since authorization is not what it imitates.
/// </summary>
internal static class CbsNode
{
    public const string Address = "$cbs";

    public static AmqpMessage Handle(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        var ok = string.Equals(operation, "put-token", StringComparison.Ordinal);
        var response = AmqpMessage.Create();

        // CBS uses "status-code" (an AMQP int: the client casts it to int) where $management uses "statusCode".
        response.ApplicationProperties.Map["status-code"] = ok ? 200 : 400;
        response.ApplicationProperties.Map["status-description"] = ok ? "OK" : $"Unsupported CBS operation '{operation}'.";
        return response;
    }
}
