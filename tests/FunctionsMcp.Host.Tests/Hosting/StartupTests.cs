using System.Net;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>The built local host, started as its own process, with good and bad settings.</summary>
public sealed class StartupTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Server__BaseUrl", "", "Server:BaseUrl is not set" },
        { "Server__BaseUrl", "/relative/path", "Server:BaseUrl '/relative/path' is not an absolute http(s) URL" },
        { "Server__BaseUrl", "http://mcp.example.org", "must use https" },
        { "Storage__ConnectionString", "AccountName=x", "Storage:ConnectionString is not valid: it is not of the form UseDevelopmentStorage=true or DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…" },
        { "Storage__ConnectionString", "garbage", "Storage:ConnectionString is not valid: it is not of the form UseDevelopmentStorage=true" },
        { "SignIn__Mode", "Development", "SignIn:Mode Development is only for local runs: it needs the Development environment and a loopback Server:BaseUrl (this is Production at 'https://mcp.example.org')" },
        { "SignIn__Mode", "Sometimes", "Failed to convert configuration value 'Sometimes' at 'SignIn:Mode'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsStartupWithOneSentenceAndNoStackTrace(string key, string value, string expected)
    {
        var environment = new Dictionary<string, string>
        {
            ["Server__BaseUrl"] = "https://mcp.example.org",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{AzuriteProcess.FreePort()}",
            [key] = value,
        };
        await using AppProcess app = AppProcess.Start(environment);

        int exitCode = await app.WaitForExitAsync(s_startTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("FunctionsMcp cannot start:", app.Output, StringComparison.Ordinal);
        Assert.Contains(expected, app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortAlreadyInUse_StopsStartupWithExitCode1AndASentenceSayingWhatToDo()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var environment = new Dictionary<string, string>
        {
            ["Server__BaseUrl"] = "https://mcp.example.org",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}",
        };
        await using AppProcess app = AppProcess.Start(environment);

        int exitCode = await app.WaitForExitAsync(s_startTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("FunctionsMcp cannot start:", app.Output, StringComparison.Ordinal);
        // The host's own "Hosting failed to start" log line still carries the exception; the sentence comes after it.
        Assert.Contains("The port is already in use", app.Output, StringComparison.Ordinal);
        Assert.Contains("stop the other server or set ASPNETCORE_URLS", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageNotConfigured_SaysWhichSettingsToSet()
    {
        await using AppProcess app = AppProcess.Start(new Dictionary<string, string> { ["Server__BaseUrl"] = "https://mcp.example.org" });

        Assert.Equal(1, await app.WaitForExitAsync(s_startTimeout));
        Assert.Contains("set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or Storage:TableServiceUri", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsAProcess_ServesTheRootAndHealthOnTheUrlItWasGiven()
    {
        int port = AzuriteProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Server__BaseUrl"] = "https://mcp.example.org",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
        };
        await using AppProcess app = AppProcess.Start(environment);
        var root = new Uri($"http://127.0.0.1:{port}/");

        await app.WaitUntilAnsweringAsync(root, s_startTimeout);
        using var http = new HttpClient();
        using HttpResponseMessage ready = await http.GetAsync(root, TestContext.Current.CancellationToken);
        using HttpResponseMessage health = await http.GetAsync(new Uri(root, "healthz"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"baseUrl\":\"https://mcp.example.org\"", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
