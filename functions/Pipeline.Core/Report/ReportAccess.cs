namespace Pipeline.Core.Report;

/// <summary>
/// Who may read the report (setting <c>Pipeline__ReportAccess</c>). <see cref="SignedIn"/>: only requests carrying a
/// Microsoft Entra ID token the app verifies itself (signature, issuer, audience, lifetime, group). The platform's
/// principal headers (<see cref="PrincipalIdHeader"/>, <see cref="PrincipalHeader"/>) never admit anyone: a caller
/// can send them, and the platform strips them only where its authentication runs, which Flex Consumption does not
/// promise. <see cref="Anonymous"/> is for local development, where nothing sits in front.
/// </summary>
public static class ReportAccess
{
    public const string SignedIn = "SignedIn";
    public const string Anonymous = "Anonymous";

    /// <summary>API callers and scripts: <c>Authorization: Bearer &lt;jwt&gt;</c>.</summary>
    public const string AuthorizationHeader = "Authorization";
    public const string BearerScheme = "Bearer";

    /// <summary>The id token the platform's token store forwards after a browser sign-in.</summary>
    public const string IdTokenHeader = "X-MS-TOKEN-AAD-ID-TOKEN";

    /// <summary>The platform's principal headers: named so tests can send them as a forger would; they admit nobody.</summary>
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The claim with the caller's group object ids, and the one that replaces it when there are too many.</summary>
    public const string GroupsClaim = "groups";
    public const string OverageClaim = "_claim_names";

    /// <summary>The token to verify: a bearer token if the request has one, else the token store's id token, else none.</summary>
    public static string? TokenOf(string? authorization, string? idToken)
    {
        var value = authorization?.Trim();
        if (value is not null && value.StartsWith(BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            var token = value[(BearerScheme.Length + 1)..].Trim();
            return token.Length == 0 ? null : token;
        }

        return string.IsNullOrWhiteSpace(idToken) ? null : idToken.Trim();
    }

    /// <summary>
    /// Issuers a token of <paramref name="tenantId"/> may name: the v2 endpoint's, and the v1 one
    /// (<c>https://sts.windows.net/{tenant}/</c>), which access tokens carry when the app registration keeps the
    /// default access token version, as tokens from <c>az account get-access-token</c> then do.
    /// </summary>
    public static IReadOnlyList<string> Issuers(string authority, string tenantId)
    {
        var root = authority.TrimEnd('/');
        var issuers = new List<string> { $"{root}/{tenantId}/v2.0" };
        if (V1Host(new Uri(root).Host) is { } sts)
        {
            issuers.Add($"https://{sts}/{tenantId}/");
        }

        return issuers;
    }

    /// <summary>The v1 issuer's host of the known clouds' authorities; none for another authority (a test's stand-in).</summary>
    private static string? V1Host(string authorityHost) => authorityHost.ToLowerInvariant() switch
    {
        "login.microsoftonline.com" => "sts.windows.net",
        "login.partner.microsoftonline.cn" or "login.chinacloudapi.cn" => "sts.chinacloudapi.cn",
        _ => null,
    };

    /// <summary>Audiences of tokens for the app registration: its client id (id tokens, v2) and its application id URI (v1 access tokens).</summary>
    public static IReadOnlyList<string> Audiences(string clientId) => [clientId, $"api://{clientId}"];

    /// <summary>The comma-separated object ids of <c>Pipeline__ReportAllowedGroups</c>.</summary>
    public static IReadOnlySet<string> ParseGroups(string? groups) =>
        (groups ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What a verified token's group claims allow. A token whose groups did not fit (overage: <c>_claim_names</c>
    /// names <c>groups</c>) cannot be checked without calling Microsoft Graph, so it is refused with a reason the
    /// operator can act on.
    /// </summary>
    public static AccessDecision Membership(IEnumerable<string> tokenGroups, bool groupOverage, IReadOnlySet<string> allowed)
    {
        if (tokenGroups.Any(allowed.Contains))
        {
            return new AccessDecision.Admit();
        }

        return groupOverage
            ? new AccessDecision.Forbidden("the token's groups did not fit in it (group overage); emit app roles or only the groups assigned to the application")
            : new AccessDecision.Forbidden("the token names none of the allowed groups");
    }
}

/// <summary>The answer to one report request's credentials.</summary>
public abstract record AccessDecision
{
    private AccessDecision() { }

    /// <summary>HTTP status of the decision.</summary>
    public abstract int Status { get; }

    public sealed record Admit : AccessDecision
    {
        public override int Status => 200;
    }

    /// <summary>No token, or one the app cannot verify: 401.</summary>
    public sealed record Unauthenticated(string Reason) : AccessDecision
    {
        public override int Status => 401;
    }

    /// <summary>A verified caller who may not read the report: 403.</summary>
    public sealed record Forbidden(string Reason) : AccessDecision
    {
        public override int Status => 403;
    }

    /// <summary>The tenant's keys could not be had: nobody can be verified, which is the app's problem, not the caller's: 503.</summary>
    public sealed record Unavailable(string Reason) : AccessDecision
    {
        public override int Status => 503;
    }
}
