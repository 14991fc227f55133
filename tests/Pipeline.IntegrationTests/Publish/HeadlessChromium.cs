using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>
/// Debian's headless Chromium driven by Playwright, with a throwaway profile, and every console error, page error,
/// failed request and HTTP error of the page collected in <see cref="Problems"/>.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _browser;
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext browser, DirectoryInfo profile, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _profile = profile;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => Problems.Enqueue($"failed request: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Enqueue($"HTTP {response.Status.ToString(CultureInfo.InvariantCulture)}: {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(Executable),
            $"{Executable} is missing: install Debian's chromium package (apt-get install -y --no-install-recommends chromium fonts-noto-cjk; scripts/test.sh does this) to run the browser tests.");
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("report-browser-");
        var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new() { Width = 1360, Height = 900 },
            Locale = "zh-CN",
        });
        return new HeadlessChromium(playwright, browser, profile, browser.Pages.FirstOrDefault() ?? await browser.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _profile.Delete(recursive: true);
    }
}
