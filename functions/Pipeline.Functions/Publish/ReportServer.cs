using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Report;

namespace Pipeline.Functions.Publish;

/// <summary>
/// Serves the report from its container (<c>Pipeline__WebContainer</c>, private when the static website is off): the
/// blob's bytes streamed as stored, with its own Content-Type, Cache-Control and ETag, and headers that keep the pages
/// from being sniffed, framed or leaking their address. Which names may be asked for is <see cref="ReportPath"/>'s
/// decision and who may ask is <see cref="ReportAccess"/>'s (with the token checked by <see cref="ReportTokenVerifier"/>); this
/// class only does the storage and the HTTP.
/// </summary>
public sealed class ReportServer(PipelineStorage storage, ReportTokenVerifier verifier, ILogger<ReportServer> logger)
{
    public const string ReferrerPolicy = "Referrer-Policy";

    /// <summary>How long a request waits for storage to start answering; a browser is better told 503 than kept waiting on retries.</summary>
    public static readonly TimeSpan StorageBudget = TimeSpan.FromSeconds(10);

    /// <summary>Writes the answer to <paramref name="context"/>'s request and returns its status code.</summary>
    public async Task<int> ServeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.XContentTypeOptions = ReportHeaders.NoSniff;
        response.Headers[ReferrerPolicy] = ReportHeaders.NoReferrer;
        response.Headers.XFrameOptions = ReportHeaders.DenyFraming;
        response.Headers.ContentSecurityPolicy = ReportHeaders.ContentSecurityPolicy;

        // Decided before the path is looked at: probing names tells a stranger nothing.
        var access = storage.Options.ReportAccess == ReportAccess.Anonymous
            ? new AccessDecision.Admit()
            : await verifier.VerifyAsync(ReportAccess.TokenOf(request.Headers[ReportAccess.AuthorizationHeader], request.Headers[ReportAccess.IdTokenHeader]), cancellationToken);
        switch (access)
        {
            case AccessDecision.Unauthenticated:
                response.Headers.WWWAuthenticate = ReportAccess.BearerScheme;
                return await TextAsync(response, access.Status, "Sign in to read the report.", cancellationToken);
            case AccessDecision.Forbidden:
                return await TextAsync(response, access.Status, "Your account may not read the report.", cancellationToken);
            case AccessDecision.Unavailable:
                return await TextAsync(response, access.Status, "Sign-in is unavailable; try again shortly.", cancellationToken);
        }

        switch (ReportPath.Resolve((request.PathBase + request.Path).Value ?? ""))
        {
            case ReportTarget.Refused refused:
                logger.LogInformation("Refused report path {Path}: {Reason}", request.Path.Value, refused.Reason);
                return await TextAsync(response, StatusCodes.Status400BadRequest, "Bad request.", cancellationToken);
            case ReportTarget.NotFound:
                return await TextAsync(response, StatusCodes.Status404NotFound, "Not found.", cancellationToken);
            case ReportTarget.Redirect redirect:
                response.Headers.Location = redirect.Location;
                response.Headers.CacheControl = ReportHeaders.NoStore;
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                return response.StatusCode;
            case ReportTarget.Blob blob:
                return await BlobAsync(context, blob.Name, cancellationToken);
            default:
                throw new InvalidOperationException("Unknown report target.");
        }
    }

    private async Task<int> BlobAsync(HttpContext context, string name, CancellationToken cancellationToken)
    {
        var client = storage.Web.GetBlobClient(name);
        var response = context.Response;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StorageBudget);
        try
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                var properties = (await client.GetPropertiesAsync(cancellationToken: budget.Token)).Value;
                return Head(context, properties.ContentType, properties.CacheControl, properties.ETag, properties.ContentLength);
            }

            // Streamed: the blob's response body goes to the browser as it arrives, never held whole.
            using var download = (await client.DownloadStreamingAsync(cancellationToken: budget.Token)).Value;
            var details = download.Details;
            var status = Head(context, details.ContentType, details.CacheControl, details.ETag, details.ContentLength);
            if (status == StatusCodes.Status200OK)
            {
                await download.Content.CopyToAsync(response.Body, cancellationToken);
            }

            return status;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound && !response.HasStarted)
        {
            return await TextAsync(response, StatusCodes.Status404NotFound, "Not found.", cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or IOException
                                   || (e is OperationCanceledException && budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            var failure = e is OperationCanceledException ? $"no answer within {StorageBudget.TotalSeconds:0} s" : FailureText.OneLine(e);
            logger.LogWarning("Report file {Name} could not be read: {Failure}", name, failure);
            if (response.HasStarted)
            {
                context.Abort(); // part of the body is out: only a broken connection tells the browser it is incomplete
                return response.StatusCode;
            }

            return await TextAsync(response, StatusCodes.Status503ServiceUnavailable, "The report is unavailable; try again shortly.", cancellationToken);
        }
    }

    /// <summary>Sets the stored headers; a matching If-None-Match makes it a 304 (weak comparison, as RFC 9110 asks).</summary>
    private static int Head(HttpContext context, string contentType, string cacheControl, ETag etag, long length)
    {
        var response = context.Response;
        response.Headers.CacheControl = cacheControl;
        var tag = EntityTagHeaderValue.TryParse(etag.ToString("H"), out var parsed) ? parsed : null;
        if (tag is not null)
        {
            response.Headers.ETag = tag.ToString();
            var asked = context.Request.GetTypedHeaders().IfNoneMatch;
            if (asked.Any(a => a.Equals(EntityTagHeaderValue.Any) || a.Compare(tag, useStrongComparison: false)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return response.StatusCode;
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = length;
        return response.StatusCode;
    }

    private static async Task<int> TextAsync(HttpResponse response, int status, string text, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = ReportHeaders.Text;
        response.Headers.CacheControl = ReportHeaders.NoStore;
        await response.WriteAsync(text, Encoding.UTF8, cancellationToken);
        return status;
    }
}
