using System.Text.Json;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed class UsersCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();

    public async ValueTask InitializeAsync() => await _cli.SeedOrganizationAsync(new Organization(_org, "Users Org"));

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    [Fact]
    public async Task List_PrintsTheOrganizationsUsersWithRoleAndDisabled()
    {
        CliResult result = await _cli.RunAsync("users", "list", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Equal(
            [
                "ID           NAME              EMAIL                       ROLE           DISABLED",
                $"admin        Ada Admin         ada@{_org}.example   Admin          no",
                $"coordinator  Cory Coordinator  cory@{_org}.example  Coordinator    no",
                $"disabled     Dee Disabled      dee@{_org}.example   Coordinator    yes",
                $"worker       Wren Worker       wren@{_org}.example  SupportWorker  no",
                "",
            ],
            result.OutputLines);
    }

    [Fact]
    public async Task List_Json_PrintsTheUsers()
    {
        CliResult result = await _cli.RunAsync("users", "list", "--json", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        JsonElement[] users = [.. JsonDocument.Parse(result.Output).RootElement.EnumerateArray()];
        Assert.Equal(["admin", "coordinator", "disabled", "worker"], users.Select(u => u.GetProperty("id").GetString()));
        JsonElement disabled = users[2];
        Assert.Equal("Dee Disabled", disabled.GetProperty("name").GetString());
        Assert.Equal($"dee@{_org}.example", disabled.GetProperty("email").GetString());
        Assert.Equal("Coordinator", disabled.GetProperty("role").GetString());
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task List_UnknownOrganization_FailsNamingIt()
    {
        CliResult result = await _cli.RunAsync("users", "list", "--org", "no-such-org");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], result.ErrorLines);
    }
}
