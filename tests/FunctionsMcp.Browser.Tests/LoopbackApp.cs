using System.Net;
using FunctionsMcp.LocalDev;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FunctionsMcp.Browser.Tests;

/// <summary>
/// The local host (the worker's functions, <c>AddFunctionsMcp()</c>) on a real Kestrel socket at
/// <c>http://127.0.0.1:{port}</c>, not the in-memory TestServer: a browser needs an address to open. Development
/// sign-in, against the given Azurite, with a signing key of its own in a temporary folder.
/// </summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private readonly Factory _factory;
    private readonly string _keyFolder;

    private LoopbackApp(Factory factory, int port, string keyFolder)
    {
        (_factory, _keyFolder) = (factory, keyFolder);
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
    }

    /// <summary>The app's public URL (<c>Server:BaseUrl</c>), which is also where it listens.</summary>
    public string BaseUrl { get; }

    public string McpUrl => BaseUrl + "/mcp";

    /// <summary>A client of the app for what the test does itself (registration, token exchange, /mcp): no redirects followed.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public static LoopbackApp Start(string storageConnectionString)
    {
        // Server:BaseUrl must name the port before the app starts, so a free port is chosen first; another process can
        // take it before Kestrel binds it, then another is tried.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return StartOn(AzuriteProcess.FreePort(), storageConnectionString);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is AddressInUseException)
            {
            }
        }
    }

    private static LoopbackApp StartOn(int port, string storageConnectionString)
    {
        string keyFolder = Path.Combine(Path.GetTempPath(), "fmcp-browser-keys-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Server:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Storage:ConnectionString"] = storageConnectionString,
            ["OAuth:SigningKeyFile"] = Path.Combine(keyFolder, "signing-keys.json"),
            ["SignIn:Mode"] = "Development",
        };
        var factory = new Factory(settings);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        try
        {
            factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            throw;
        }

        return new LoopbackApp(factory, port, keyFolder);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        if (Directory.Exists(_keyFolder))
            Directory.Delete(_keyFolder, recursive: true);
    }

    // Development: the development sign-in is allowed only there, on a loopback base URL.
    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach ((string key, string? value) in settings)
                builder.UseSetting(key, value);
        }
    }
}
