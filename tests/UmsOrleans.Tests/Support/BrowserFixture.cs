using Microsoft.Playwright;

namespace UmsOrleans.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright for .NET (Playwright's own browser download cannot work
/// here). Screenshots go to <c>TestResults/screenshots</c> beside the test binaries, or UMS_SCREENSHOT_DIR.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("UMS_SCREENSHOT_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestPaths.RepositoryRoot, "tests", "UmsOrleans.Tests", "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // Encoding a photo on a busy 2-core CPU can take seconds: assertions wait up to a minute, not 5 s.
        Assertions.SetDefaultExpectTimeout(60_000);
        var chromium = ExternalProcess.FindExecutable("chromium", "/usr/bin");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
