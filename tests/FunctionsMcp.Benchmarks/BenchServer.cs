using System.Net;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The app on a loopback port. "Protected" is the product as deployed: access-key authentication against
/// storage, rate limits counted in storage, and the audit trail. "Bare" is the same app, endpoint, MCP server
/// and tool with those three layers taken out: a fixed principal, no gates, no audit.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Factory _factory;

    private BenchServer(Factory factory, int port)
    {
        _factory = factory;
        McpUrl = new Uri($"http://127.0.0.1:{port}/mcp");
    }

    public Uri McpUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public static BenchServer Start(string storageConnectionString, bool protectedLayers, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        int port = LocalDev.AzuriteProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Server:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Storage:ConnectionString"] = storageConnectionString,
            // High enough never to refuse: the benchmark measures the cost of counting, not of refusing.
            ["RateLimits:RequestsPerMinutePerCredential"] = "100000",
            ["RateLimits:RequestsPerMinutePerOrganization"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach ((string key, string? value) in extraSettings ?? new Dictionary<string, string?>())
            settings[key] = value;
        var factory = new Factory(settings, protectedLayers);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return new BenchServer(factory, port);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, bool protectedLayers) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Benchmark");
            foreach ((string key, string? value) in settings)
                builder.UseSetting(key, value);
            if (protectedLayers)
                return;
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<ICredentialAuthenticator>();
                services.AddSingleton<ICredentialAuthenticator, FixedPrincipal>();
                services.RemoveAll<IMcpRequestGate>();
                services.RemoveAll<IMcpRequestObserver>();
            });
        }
    }

    /// <summary>Accepts any bearer as one fixed principal, touching no storage.</summary>
    private sealed class FixedPrincipal : ICredentialAuthenticator
    {
        private static readonly CredentialCheck s_check = CredentialCheck.Accepted(
            new McpPrincipal("bench", "bench-user", Role.Coordinator, Scopes.All, CredentialKind.AccessKey, "bench-key"));

        public bool CanAuthenticate(string token) => true;

        public Task<CredentialCheck> AuthenticateAsync(string token, CancellationToken cancellationToken) => Task.FromResult(s_check);
    }
}
