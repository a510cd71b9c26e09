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
    };
}
