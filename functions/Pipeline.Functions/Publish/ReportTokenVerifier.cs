using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Adapters.Hosting;
using Pipeline.Core.Report;

namespace Pipeline.Functions.Publish;

/// <summary>
/// Verifies a report caller's Microsoft Entra ID token itself, whatever the platform in front does or does not do:
/// RS256 signature with the tenant's published keys (read from its OpenID configuration, cached and refreshed by the
/// configuration manager, refetched once for an unknown key id), issuer, audience, lifetime (the app's clock, small
/// skew) and membership in an allowed group. What the claims mean is <see cref="ReportAccess"/>'s decision.
/// </summary>
public sealed class ReportTokenVerifier(IOptions<ReportSignInOptions> options, TimeProvider clock, ILogger<ReportTokenVerifier> logger)
{
    /// <summary>Tolerated difference between Entra's clock and the app's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How long reading the tenant's configuration may take; beyond it the request is a 503.</summary>
    public static readonly TimeSpan DiscoveryBudget = TimeSpan.FromSeconds(10);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly Lazy<Verification> _verification = new(() => Verification.Create(options.Value, clock));

    public async Task<AccessDecision> VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            logger.LogWarning("Report request refused: sign-in is not set up ({Setting} is empty)", $"{PipelineOptions.Section}__{nameof(ReportSignInOptions.ReportClientId)}");
            return new AccessDecision.Unavailable("sign-in is not set up");
        }

        if (token is null)
        {
            return Refused(new AccessDecision.Unauthenticated("no Entra ID token (Authorization: Bearer or the token store's id token)"));
        }

        var verification = _verification.Value;
        try
        {
            // Read first, so an unreachable tenant is told apart from a bad token: the app's problem, not the caller's.
            await verification.Manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                   && e is InvalidOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            logger.LogWarning("Report sign-in unavailable: the tenant's OpenID configuration {Address} could not be read: {Failure}",
                verification.Address, FailureText.OneLine(e));
            return new AccessDecision.Unavailable("the tenant's keys could not be read");
        }

        var result = await Handler.ValidateTokenAsync(token, verification.Parameters);
        if (!result.IsValid)
        {
            return Refused(new AccessDecision.Unauthenticated(result.Exception is null ? "invalid token" : FirstLine(result.Exception)));
        }

        var claims = result.ClaimsIdentity.Claims.ToList();
        var groups = claims.Where(c => c.Type == ReportAccess.GroupsClaim).Select(c => c.Value);
        var overage = claims.Any(c => c.Type == ReportAccess.OverageClaim && NamesGroups(c.Value));
        var decision = ReportAccess.Membership(groups, overage, verification.AllowedGroups);
        if (overage && decision is AccessDecision.Forbidden)
        {
            logger.LogWarning("Report request refused: the caller's token has too many groups to carry them (group overage). "
                              + "Give the report's app registration app roles, or set its group claims to the groups assigned to the application (ApplicationGroup).");
            return decision;
        }

        return Refused(decision);
    }

    private AccessDecision Refused(AccessDecision decision)
    {
        if (decision is AccessDecision.Unauthenticated { Reason: var unauthenticated })
        {
            logger.LogInformation("Report request refused with 401: {Reason}", unauthenticated);
        }
        else if (decision is AccessDecision.Forbidden { Reason: var forbidden })
        {
            logger.LogInformation("Report request refused with 403: {Reason}", forbidden);
        }

        return decision;
    }

    /// <summary>Whether a <c>_claim_names</c> value ({"groups":"src1"}) says the groups are elsewhere.</summary>
    private static bool NamesGroups(string claimNames)
    {
        try
        {
            using var json = JsonDocument.Parse(claimNames);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(ReportAccess.GroupsClaim, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The library's messages start with their IDX code and a sentence; the rest can name token contents.
    private static string FirstLine(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";

    private sealed record Verification(string Address, ConfigurationManager<OpenIdConnectConfiguration> Manager, TokenValidationParameters Parameters, IReadOnlySet<string> AllowedGroups)
    {
        public static Verification Create(ReportSignInOptions options, TimeProvider clock)
        {
            var authority = options.ReportAuthority.TrimEnd('/');
            var address = $"{authority}/{options.ReportTenantId}/v2.0/.well-known/openid-configuration";
            var retriever = new HttpDocumentRetriever(new HttpClient { Timeout = DiscoveryBudget })
            {
                // Start-up allows plain http only for a loopback stand-in (ReportSignInValidator).
                RequireHttps = new Uri(authority).Scheme == Uri.UriSchemeHttps,
            };
            var manager = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever);
            var parameters = new TokenValidationParameters
            {
                ConfigurationManager = manager,
                ValidIssuers = ReportAccess.Issuers(authority, options.ReportTenantId),
                ValidAudiences = ReportAccess.Audiences(options.ReportClientId),
                // Entra signs with RS256; anything else (none, HMAC with a guessable secret) is refused outright.
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                // The app's clock, not the library's: the library's time provider is not public.
                LifetimeValidator = (notBefore, expires, _, _) => Current(clock, notBefore, expires),
            };
            return new Verification(address, manager, parameters, ReportAccess.ParseGroups(options.ReportAllowedGroups));
        }

        private static bool Current(TimeProvider clock, DateTime? notBefore, DateTime? expires)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return expires is { } end && end.ToUniversalTime() + ClockSkew > now
                   && (notBefore is not { } start || start.ToUniversalTime() - ClockSkew <= now);
        }
    }
}
