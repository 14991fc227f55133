namespace Pipeline.Core.Report;

/// <summary>
/// Who may read the report (setting <c>Pipeline__ReportAccess</c>). <see cref="SignedIn"/>: only requests that carry the
/// principal App Service authentication adds after signing someone in. The platform removes client-sent
/// <c>X-MS-CLIENT-PRINCIPAL*</c> headers when its authentication is on, so trusting them is sound only behind it.
/// <see cref="Anonymous"/> is for local development, where nothing sits in front.
/// </summary>
public static class ReportAccess
{
    public const string SignedIn = "SignedIn";
    public const string Anonymous = "Anonymous";

    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Whether a request with these header values may read the report; any access other than <see cref="Anonymous"/> needs both.</summary>
    public static bool Admits(string access, string? principalId, string? principal) =>
        access == Anonymous || (!string.IsNullOrWhiteSpace(principalId) && !string.IsNullOrWhiteSpace(principal));
}
