using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Pipeline.Functions.Publish;

/// <summary>
/// The report, read from its container: <c>https://{app}/reports/latest/index.html</c> (host.json clears the route
/// prefix, so the pages' relative links work). Anonymous to the Functions host on purpose: the server verifies every
/// caller's Microsoft Entra ID token itself, and a function key would be one shared secret for all district staff.
/// </summary>
public sealed class ServeReport(ReportServer server)
{
    [Function(nameof(ServeReport))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "reports/{*path}")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        await server.ServeAsync(request.HttpContext, cancellationToken);

        // The server has written the response itself (streamed from the blob): the result adds nothing to it.
        return new EmptyResult();
    }
}
