using System.Reflection;
using System.Text.Json;
using FunctionsMcp.Host.LocalRun;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Mcp;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Storage;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>The checked-in settings files agree with what the app binds.</summary>
public sealed class ConfigurationFilesTests
{
    private static readonly string s_root = Repository.GetRoot(AppContext.BaseDirectory);

    /// <summary>Every options class the app binds, with its section.</summary>
    public static TheoryData<string, Type> BoundOptions => new()
    {
        { ServerOptions.Section, typeof(ServerOptions) },
        { TableStorageOptions.Section, typeof(TableStorageOptions) },
        { LocalRunOptions.Section, typeof(LocalRunOptions) },
        { McpEndpointOptions.Section, typeof(McpEndpointOptions) },
        { RateLimitOptions.Section, typeof(RateLimitOptions) },
        { OAuthOptions.Section, typeof(OAuthOptions) },
        { KeyVaultOptions.Section, typeof(KeyVaultOptions) },
        { OAuthClientOptions.Section, typeof(OAuthClientOptions) },
        { SignInOptions.Section, typeof(SignInOptions) },
        { EntraOptions.Section, typeof(EntraOptions) },
    };

    [Theory]
    [MemberData(nameof(BoundOptions))]
    public void LocalSettingsSample_ListsEverySettingTheAppBinds(string section, Type options)
    {
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "local.settings.sample.json")));
        JsonElement values = sample.RootElement.GetProperty("Values");

        foreach (PropertyInfo property in options.GetProperties().Where(p => p.CanWrite))
        {
            // Lists are set element by element (Mcp__AllowedOrigins__0).
            string key = property.PropertyType.IsArray ? $"{section}__{property.Name}__0" : $"{section}__{property.Name}";
            Assert.True(values.TryGetProperty(key, out _), $"local.settings.sample.json lacks {key}");
        }
    }

    [Fact]
    public void HostJson_ServesFunctionsAtTheRoot_WithoutACustomHandler()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "src", "FunctionsMcp.Functions", "host.json")));

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.False(host.RootElement.TryGetProperty("configurationProfile", out _));
    }

    [Fact]
    public void LocalSettingsJson_IsGitIgnored()
    {
        string[] ignored = File.ReadAllLines(Path.Combine(s_root, ".gitignore"));

        Assert.Contains("local.settings.json", ignored);
        Assert.Contains(".azurite/", ignored);
    }
}
