namespace Pipeline.Core.Report;

/// <summary>What every page's head holds: its title and Content-Security-Policy, and the shared style sheet.</summary>
internal sealed record PageHead(string Title, string Csp)
{
    public string Css => PageAssets.Css;
}
