using System.Globalization;
using FunctionsMcp.Cli.Commands;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Tests;

/// <summary>Which settings a run uses: the environment's, then --storage/--url, then the local defaults (said on stderr).</summary>
public sealed class CliSettingsTests
{
    private static IConfiguration Environment(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Resolve_NothingSet_UsesTheLocalAzuriteAndLocalhostAndSaysSo()
    {
        CliSettings settings = CliSettings.Resolve(Environment(), storageOption: null, urlOption: null);

        Assert.Equal("UseDevelopmentStorage=true", settings.Configuration["Storage:ConnectionString"]);
        Assert.Equal("http://localhost:7071", settings.Configuration["Server:BaseUrl"]);
        Assert.Contains("UseDevelopmentStorage=true", settings.StorageNote, StringComparison.Ordinal);
        Assert.Contains("http://localhost:7071", settings.BaseUrlNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnvironmentSettings_AreUsedWithoutNotes()
    {
        CliSettings settings = CliSettings.Resolve(
            Environment(("Storage:TableServiceUri", "https://acct.table.core.windows.net"), ("Server:BaseUrl", "https://func.example.net")), null, null);

        Assert.Equal("https://acct.table.core.windows.net", settings.Configuration["Storage:TableServiceUri"]);
        Assert.True(string.IsNullOrEmpty(settings.Configuration["Storage:ConnectionString"]));
        Assert.Equal("https://func.example.net", settings.Configuration["Server:BaseUrl"]);
        Assert.Null(settings.StorageNote);
        Assert.Null(settings.BaseUrlNote);
    }

    [Fact]
    public void Resolve_Options_OverrideTheEnvironmentAndValidate()
    {
        CliSettings settings = CliSettings.Resolve(
            Environment(("Storage:TableServiceUri", "https://acct.table.core.windows.net"), ("Server:BaseUrl", "https://func.example.net")),
            storageOption: "UseDevelopmentStorage=true",
            urlOption: "https://other.example.net/");

        using ServiceProvider services = CliServices.Build(settings.Configuration, TimeProvider.System);

        Assert.Equal("UseDevelopmentStorage=true", services.GetRequiredService<IOptions<TableStorageOptions>>().Value.ConnectionString);
        Assert.Equal("https://other.example.net/mcp", services.GetRequiredService<IOptions<ServerOptions>>().Value.McpResource);
        Assert.Null(settings.StorageNote);
        Assert.Null(settings.BaseUrlNote);
    }

    [Fact]
    public async Task Services_WhenTheLocalAzuriteIsAssumed_SayItOnStderrOnFirstUse()
    {
        CliSettings settings = CliSettings.Resolve(Environment(), null, null);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        await using var context = new CommandContext(
            OrgsCommands.List, new ParsedArguments(["orgs", "list"], new Dictionary<string, string?>()), settings,
            TextWriter.Null, error, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Empty(error.ToString());
        _ = context.Get<IIdentityStore>();
        _ = context.Get<IAuditStore>();

        Assert.Equal(settings.StorageNote + System.Environment.NewLine, error.ToString());
    }
}
