using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pipeline.FunctionsHost;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// A tenant's OpenID discovery on 127.0.0.1, as login.microsoftonline.com serves it: the configuration at
/// <c>/{tenant}/v2.0/.well-known/openid-configuration</c> and its <c>jwks_uri</c> with one RSA key generated here.
/// It mints tokens as Entra would sign them, and counts the key requests.
/// </summary>
public sealed class EntraStandIn : IAsyncDisposable
{
    public const string TenantId = "7d1c6a4e-1f0b-4c1e-9a11-0000000000a1";
    public const string ClientId = "3b6f1e2a-6c1d-4a7b-8e2f-0000000000c1";
    public const string DistrictGroup = "5a0e9c3b-2d4f-4e6a-9b1c-0000000000f1";
    public const string ReaderGroup = "5a0e9c3b-2d4f-4e6a-9b1c-0000000000f2";

    private static readonly JsonWebTokenHandler Handler = new();
    private readonly WebApplication _server;
    private readonly RSA _rsa;
    private int _keyRequests;

    private EntraStandIn(WebApplication server, RSA rsa, string authority)
    {
        _server = server;
        _rsa = rsa;
        Authority = authority;
        Key = new RsaSecurityKey(rsa) { KeyId = "stand-in-key" };
    }

    public string Authority { get; }

    public string Issuer => $"{Authority}/{TenantId}/v2.0";

    public RsaSecurityKey Key { get; }

    public int KeyRequests => _keyRequests;

    public static async Task<EntraStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var rsa = RSA.Create(2048);
        EntraStandIn? standIn = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = standIn!.Issuer,
                ["jwks_uri"] = $"{standIn.Authority}/{TenantId}/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{standIn.Authority}/{TenantId}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{standIn.Authority}/{TenantId}/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }));
            app.MapGet($"/{TenantId}/discovery/v2.0/keys", () =>
            {
                Interlocked.Increment(ref standIn!._keyRequests);
                var key = rsa.ExportParameters(false);
                return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = standIn.Key.KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } } });
            });
        }, cancellationToken);
        standIn = new EntraStandIn(app, rsa, address.ToString().TrimEnd('/'));
        return standIn;
    }

    /// <summary>The report's sign-in settings for this tenant, as the app reads them.</summary>
    public Dictionary<string, string?> Settings() => SettingsFor(Authority);

    public static Dictionary<string, string?> SettingsFor(string authority) => new()
    {
        ["Pipeline:ReportAccess"] = "SignedIn",
        ["Pipeline:ReportTenantId"] = TenantId,
        ["Pipeline:ReportClientId"] = ClientId,
        ["Pipeline:ReportAllowedGroups"] = $"{DistrictGroup}, {ReaderGroup}",
        ["Pipeline:ReportAuthority"] = authority,
    };

    /// <summary>A token as Entra signs it (RS256, this tenant's key), valid for an hour from <paramref name="now"/>; change any part with the arguments.</summary>
    public string Mint(DateTimeOffset now, string? issuer = null, string audience = ClientId, string[]? groups = null, bool overage = false,
        SigningCredentials? signing = null, bool unsigned = false)
    {
        var claims = new Dictionary<string, object> { ["oid"] = "00000000-0000-0000-0000-0000000000e1", ["tid"] = TenantId };
        if (overage)
        {
            claims["_claim_names"] = new Dictionary<string, object> { ["groups"] = "src1" };
            claims["_claim_sources"] = new Dictionary<string, object> { ["src1"] = new Dictionary<string, object> { ["endpoint"] = "https://graph.microsoft.com/v1.0/users/x/getMemberObjects" } };
        }
        else
        {
            claims["groups"] = groups ?? [DistrictGroup];
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.AddHours(1),
            SigningCredentials = unsigned ? null : signing ?? new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>HS256 with the client id (which anyone can read from the sign-in page) as the secret.</summary>
    public static SigningCredentials ClientIdAsSecret() =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ClientId)), SecurityAlgorithms.HmacSha256);

    /// <summary>A well-formed RSA key the tenant never published, under the tenant's key id.</summary>
    public SigningCredentials OtherKey() =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = Key.KeyId }, SecurityAlgorithms.RsaSha256);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _rsa.Dispose();
    }
}
