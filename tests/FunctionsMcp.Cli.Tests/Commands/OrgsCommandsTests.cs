using System.Text.Json;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed class OrgsCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _suspended = CliHarness.UniqueOrganization();

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Plain Org"));
        await _cli.SeedOrganizationAsync(new Organization(_suspended, "Paused Org", Suspended: true, RequestsPerMinutePerCredential: 30, RequestsPerMinute: 600));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    [Fact]
    public async Task List_PrintsAnAlignedTableWithSuspensionAndOverrides()
    {
        CliResult result = await _cli.RunAsync("orgs", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        string header = result.OutputLines[0];
        Assert.Matches("^ID +NAME +SUSPENDED +RATE-LIMIT OVERRIDES$", header);
        string plain = Assert.Single(result.OutputLines, l => l.StartsWith(_org + " ", StringComparison.Ordinal));
        string paused = Assert.Single(result.OutputLines, l => l.StartsWith(_suspended + " ", StringComparison.Ordinal));
        Assert.Matches($"^{_org} +Plain Org +no +none$", plain);
        Assert.Matches($"^{_suspended} +Paused Org +yes +30/min per credential, 600/min for the organization$", paused);
        Assert.Equal(header.IndexOf("NAME", StringComparison.Ordinal), paused.IndexOf("Paused Org", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("SUSPENDED", StringComparison.Ordinal), paused.IndexOf("yes", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("RATE-LIMIT", StringComparison.Ordinal), paused.IndexOf("30/min", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_Json_PrintsEachOrganizationsFields()
    {
        CliResult result = await _cli.RunAsync("orgs", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        JsonElement paused = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Single(o => o.GetProperty("id").GetString() == _suspended);
        Assert.Equal("Paused Org", paused.GetProperty("name").GetString());
        Assert.True(paused.GetProperty("suspended").GetBoolean());
        Assert.Equal(30, paused.GetProperty("requestsPerMinutePerCredential").GetInt32());
        Assert.Equal(600, paused.GetProperty("requestsPerMinute").GetInt32());
    }
}
