using System.Reflection;
using System.Text.Json;
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
    private static readonly string s_functions = Path.Combine(s_root, "src", "FunctionsMcp.Functions");

    /// <summary>
    /// Every options class the isolated worker binds, with its section: what Azure and <c>func start</c> must be given.
    /// Not <c>LocalRun</c>: only the local host (src/FunctionsMcp.Host) binds it, to start Azurite and load the demo data,
    /// and that host is never deployed nor run by <c>func start</c>.
    /// </summary>
    public static TheoryData<string, Type> BoundOptions => new()
    {
        { ServerOptions.Section, typeof(ServerOptions) },
        { TableStorageOptions.Section, typeof(TableStorageOptions) },
        { McpEndpointOptions.Section, typeof(McpEndpointOptions) },
        { RateLimitOptions.Section, typeof(RateLimitOptions) },
        { OAuthOptions.Section, typeof(OAuthOptions) },
        { KeyVaultOptions.Section, typeof(KeyVaultOptions) },
        { OAuthClientOptions.Section, typeof(OAuthClientOptions) },
        { SignInOptions.Section, typeof(SignInOptions) },
        { EntraOptions.Section, typeof(EntraOptions) },
    };

    /// <summary>The Functions host's own settings in the sample: the worker's runtime, and the host's storage on Azurite.</summary>
    private static readonly Dictionary<string, string> s_functionsSettings = new(StringComparer.Ordinal)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
    };

    [Theory]
    [MemberData(nameof(BoundOptions))]
    public void LocalSettingsSample_ListsEverySettingTheWorkerBinds(string section, Type options)
    {
        JsonElement values = SampleValues();

        foreach (PropertyInfo property in options.GetProperties().Where(p => p.CanWrite))
        {
            // Lists are set element by element (Mcp__AllowedOrigins__0).
            string key = property.PropertyType.IsArray ? $"{section}__{property.Name}__0" : $"{section}__{property.Name}";
            Assert.True(values.TryGetProperty(key, out _), $"local.settings.sample.json lacks {key}");
        }
    }

    [Fact]
    public void LocalSettingsSample_RunsTheIsolatedWorker_WithTheHostStorageOnAzurite()
    {
        JsonElement values = SampleValues();

        foreach ((string name, string value) in s_functionsSettings)
            Assert.Equal(value, values.GetProperty(name).GetString());
    }

    /// <summary>Nothing the worker ignores: no LocalRun__* (the local host's), no Functions feature flags.</summary>
    [Fact]
    public void LocalSettingsSample_HoldsOnlySettingsTheWorkerOrTheFunctionsHostReads()
    {
        HashSet<string> bound = BoundOptions.Select(row => row.Data)
            .SelectMany(row => row.Item2.GetProperties().Where(p => p.CanWrite).Select(p => $"{row.Item1}__{p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        foreach (JsonProperty setting in SampleValues().EnumerateObject())
        {
            string name = setting.Name.EndsWith("__0", StringComparison.Ordinal) ? setting.Name[..^3] : setting.Name;
            Assert.True(bound.Contains(name) || s_functionsSettings.ContainsKey(name), $"local.settings.sample.json sets {setting.Name}, which neither the worker nor the Functions host reads");
        }
    }

    [Fact]
    public void HostJson_ServesFunctionsAtTheRoot_AndHoldsNothingElse()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_functions, "host.json")));

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // The host's half of OpenTelemetry (requests per function, its logs); the worker's is AddTelemetry.
        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
        // Only these sections: a worker app's host.json configures the host, and nothing in it starts a process of ours.
        Assert.Equal(["extensions", "logging", "telemetryMode", "version"], host.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LocalSettingsJson_IsGitIgnored()
    {
        string[] ignored = File.ReadAllLines(Path.Combine(s_root, ".gitignore"));

        Assert.Contains("local.settings.json", ignored);
        Assert.Contains(".azurite/", ignored);
    }

    private static JsonElement SampleValues()
    {
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_functions, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").Clone();
    }
}
