using System.Net;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests;

/// <summary>A tenant made for one test: its own organization and a user of each role.</summary>
public sealed record TestTenant(string OrganizationId)
{
    public const string Admin = "admin";
    public const string Coordinator = "coordinator";
    public const string Worker = "worker";
}

/// <summary>
/// The whole app on a real loopback Kestrel port, against the shared Azurite, so real HTTP clients (HttpClient,
/// the TypeScript SDK, the conformance suite) can reach it. Registers one test-only tool type that needs a scope.
/// </summary>
public sealed class McpTestServer : IAsyncDisposable
{
    private readonly Factory _factory;
    private readonly string _keyFolder;

    private McpTestServer(Factory factory, int port, string keyFolder)
    {
        _factory = factory;
        _keyFolder = keyFolder;
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }

    public string McpUrl => BaseUrl + "/mcp";

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    private static readonly Lock s_startLock = new();

    public static McpTestServer Start(
        AzuriteFixture azurite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, int? port = null, string environment = "Testing")
    {
        // A free port can be taken by another process (a client's callback listener) before Kestrel binds it: try another.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return StartOn(port ?? AzuriteProcess.FreePort(), azurite, settings, services, environment);
            }
            catch (IOException ex) when (port is null && attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static McpTestServer StartOn(int chosen, AzuriteFixture azurite, IDictionary<string, string?>? settings, Action<IServiceCollection>? services, string environment)
    {
        string keyFolder = Path.Combine(Path.GetTempPath(), "fmcp-test-keys-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["OAuth:SigningKeyFile"] = Path.Combine(keyFolder, "signing-keys.json"),
            ["Server:BaseUrl"] = $"http://127.0.0.1:{chosen}",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["RateLimits:RequestsPerMinutePerCredential"] = "100000",
            ["RateLimits:RequestsPerMinutePerOrganization"] = "1000000",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        var factory = new Factory(all, services, environment);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, chosen));
        try
        {
            // One start at a time. Test classes start their servers in parallel, and once (CI, 2026-12-02) a start threw
            // ObjectDisposedException from inside StartServer: the host it was reading had been disposed. The host is found
            // and built through process-wide machinery (HostFactoryResolver's listener, static state in what the app
            // registers), so starts do not overlap; a start takes well under a second, the tests themselves still run at once.
            lock (s_startLock)
                factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            throw;
        }

        return new McpTestServer(factory, chosen, keyFolder);
    }

    public async Task<TestTenant> CreateTenantAsync()
    {
        var tenant = new TestTenant("t" + Guid.NewGuid().ToString("N")[..12]);
        IIdentityStore identities = Services.GetRequiredService<IIdentityStore>();
        await identities.SaveOrganizationAsync(new Organization(tenant.OrganizationId, "Test " + tenant.OrganizationId), CancellationToken.None);
        await identities.SaveUserAsync(new User(tenant.OrganizationId, TestTenant.Admin, "A", "a@example.org", Role.Admin), CancellationToken.None);
        await identities.SaveUserAsync(new User(tenant.OrganizationId, TestTenant.Coordinator, "C", "c@example.org", Role.Coordinator), CancellationToken.None);
        await identities.SaveUserAsync(new User(tenant.OrganizationId, TestTenant.Worker, "W", "w@example.org", Role.SupportWorker), CancellationToken.None);
        return tenant;
    }

    public async Task<CreatedAccessKey> CreateKeyAsync(TestTenant tenant, string user = TestTenant.Coordinator, params string[] scopes)
    {
        AccessKeyService keys = Services.GetRequiredService<AccessKeyService>();
        (CreatedAccessKey? created, string? error) = await keys.CreateAsync(
            tenant.OrganizationId, user, "test", scopes.Length == 0 ? Scopes.All : scopes, null, CancellationToken.None);
        return created ?? throw new InvalidOperationException(error);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        if (Directory.Exists(_keyFolder))
            Directory.Delete(_keyFolder, recursive: true);
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, string environment) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach ((string key, string? value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureServices(s =>
            {
                s.AddMcpTools<ScopedTestTools>();
                services?.Invoke(s);
            });
        }
    }
}

/// <summary>A test-only tool that needs a write scope, to exercise scope filtering and step-up.</summary>
internal sealed class ScopedTestTools
{
    [ModelContextProtocol.Server.McpServerTool(Name = "write_probe", ReadOnly = false, Destructive = false, OpenWorld = false)]
    [System.ComponentModel.Description("Test tool that needs participants:write.")]
    [RequiresScope(Scopes.ParticipantsWrite)]
    public static string WriteProbe() => "written";
}
