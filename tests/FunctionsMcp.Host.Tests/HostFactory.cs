using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FunctionsMcp.Host.Tests;

/// <summary>The whole app in-process, with settings given per test (no appsettings.Development.json defaults leak in).</summary>
public sealed class HostFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Testing") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach ((string key, string? value) in settings)
            builder.UseSetting(key, value);
    }

    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Server:BaseUrl"] = "https://mcp.example.org",
        ["Storage:ConnectionString"] = connectionString,
        ["OAuth:SigningKeyFile"] = Path.Combine(Path.GetTempPath(), "fmcp-host-tests", Guid.NewGuid().ToString("N"), "signing-keys.json"),
        ["Entra:TenantId"] = "8b2d6a52-1c3e-4f0a-9d7b-2f6c1e4a5b3c",
        ["Entra:ClientId"] = "11111111-2222-3333-4444-555555555555",
        ["Entra:ClientSecret"] = "not-a-real-secret",
    };
}
