using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunctionsMcp.Browser.Tests;

/// <summary>
/// What every browser test shares, started once for the assembly and stopped after it: one Azurite, the app on a
/// loopback port with the demo organizations and users loaded (the development sign-in lists them), and one headless
/// Chromium driven by Playwright. Each test opens its own <see cref="BrowserSession"/> (its own cookies).
/// </summary>
public sealed class BrowserHarness : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LoopbackApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LoopbackApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async ValueTask InitializeAsync()
    {
        // First, so a machine without Chromium fails at once with the fix, before Azurite and the app start.
        string chromium = Chromium.Find();
        await _azurite.InitializeAsync();
        _app = LoopbackApp.Start(_azurite.ConnectionString);
        await DemoIdentities.SeedAsync(_app.Services.GetRequiredService<IIdentityStore>(), CancellationToken.None);

        // The NuGet package carries Playwright's driver and the Node it runs on; with ExecutablePath nothing is downloaded.
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
    }

    /// <summary>A fresh browser profile (cookies, storage) with one page.</summary>
    public Task<BrowserSession> OpenAsync() => BrowserSession.OpenAsync(Browser, App);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
