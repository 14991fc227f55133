using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Publish;

/// <summary>
/// The report, read from its container: <c>https://{app}/reports/latest/index.html</c> (host.json clears the route
/// prefix, so the pages' relative links work). Anonymous to the Functions host on purpose: the platform's sign-in with
/// Microsoft Entra ID sits in front, and a function key would be one shared secret for all district staff.
/// </summary>
public sealed class ServeReport(ReportServer server, ILogger<ServeReport> logger)
{
    [Function(nameof(ServeReport))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "reports/{*path}")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = await server.ServeAsync(request.HttpContext, cancellationToken);
        if (status == StatusCodes.Status401Unauthorized)
        {
            logger.LogInformation("Report request for {Path} without a signed-in principal refused", request.Path.Value);
        }

        // The server has written the response itself (streamed from the blob): the result adds nothing to it.
        return new EmptyResult();
    }
}
