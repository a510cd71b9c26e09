using FunctionsMcp.Browser.Tests;

// One Azurite, one app on a loopback port and one Chromium for the whole assembly (BrowserHarness starts all three).
[assembly: AssemblyFixture(typeof(BrowserHarness))]
