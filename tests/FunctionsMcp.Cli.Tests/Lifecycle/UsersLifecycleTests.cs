using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Lifecycle;

/// <summary><c>users disable|enable|set-role</c>: each changes what the user's credentials get at <c>/mcp</c> within the identity cache's bound.</summary>
public sealed class UsersLifecycleTests(AzuriteFixture azurite) : LifecycleTest(azurite)
{
    private const string Write = "create_participant";

    [Fact]
    public async Task Disable_RefusesTheUsersKeyAndTokenAtMcp_AndEnableRestoresThem()
    {
        string key = await KeyAsync("coordinator");
        string token = await AccessTokenAsync("coordinator");
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(token)).Status);

        CliResult disabled = await SucceedsAsync("users", "disable", "--org", Org, "coordinator");

        Assert.Equal(
            [
                $"Disabled the user coordinator (Cory Coordinator) of {Org}: their access keys and OAuth connections are refused within 5 seconds on every instance (IdentityCache:Seconds), and they cannot sign in.",
                $"Nothing was revoked: 'users enable --org {Org} coordinator' restores them.",
                "",
            ],
            disabled.OutputLines);
        PassIdentityCacheBound();
        Assert.Equal((HttpStatusCode.Unauthorized, "The access key's owner is disabled or no longer exists."), await ListToolsAsync(key));
        Assert.Equal((HttpStatusCode.Unauthorized, "The access token's user is disabled or no longer exists."), await ListToolsAsync(token));

        CliResult enabled = await SucceedsAsync("users", "enable", "--org", Org, "coordinator");

        Assert.StartsWith($"Enabled the user coordinator (Cory Coordinator) of {Org}: their access keys and OAuth connections", enabled.Output, StringComparison.Ordinal);
        PassIdentityCacheBound();
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(token)).Status);
        Assert.False((await Cli.Identities.GetUserAsync(Org, "coordinator", Cancel))!.Disabled);
    }

    [Fact]
    public async Task Disable_ASecondTime_ChangesNothingAndSaysSo()
    {
        await SucceedsAsync("users", "disable", "--org", Org, "worker");

        CliResult again = await SucceedsAsync("users", "disable", "--org", Org, "worker");
        CliResult enableEnabled = await SucceedsAsync("users", "enable", "--org", Org, "admin");

        Assert.Equal($"The user worker (Wren Worker) of {Org} was already disabled: nothing changed.", again.Output.TrimEnd());
        Assert.Equal($"The user admin (Ada Admin) of {Org} was already enabled: nothing changed.", enableEnabled.Output.TrimEnd());
        User worker = (await Cli.Identities.GetUserAsync(Org, "worker", Cancel))!;
        Assert.Equal(new User(Org, "worker", "Wren Worker", $"wren@{Org}.example", Role.SupportWorker, Disabled: true), worker);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("set-role", "--role", "Admin")]
    public async Task UnknownUserOrOrganization_IsNotFound(string verb, params string[] extra)
    {
        CliResult noUser = await Cli.RunAsync(["users", verb, "--org", Org, "ghost", .. extra]);
        CliResult noOrg = await Cli.RunAsync(["users", verb, "--org", "no-such-org", "coordinator", .. extra]);

        Assert.Equal((1, ""), (noUser.ExitCode, noUser.Output));
        Assert.Equal([$"error: user 'ghost' was not found in organization '{Org}': run 'users list --org {Org}' to see its users"], noUser.ErrorLines);
        Assert.Equal((1, ""), (noOrg.ExitCode, noOrg.Output));
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], noOrg.ErrorLines);
    }

    [Fact]
    public async Task SetRole_ToSupportWorker_TakesWriteToolsOutOfToolsListAndRefusesAWrite()
    {
        string key = await KeyAsync("coordinator");
        Assert.Contains(Write, await Server.ToolNamesAsync(key));

        CliResult result = await SucceedsAsync("users", "set-role", "--org", Org, "coordinator", "--role", "SupportWorker");

        Assert.Equal(
            [
                $"Changed the role of the user coordinator (Cory Coordinator) of {Org} from Coordinator to SupportWorker.",
                "Their keys and connections lose participants:write, careplans:write, funding:write within 5 seconds on every instance (IdentityCache:Seconds).",
                $"{Org} has no Microsoft Entra tenant, so no sign-in changes the role back.",
                "",
            ],
            result.OutputLines);
        PassIdentityCacheBound();
        Assert.DoesNotContain(Write, await Server.ToolNamesAsync(key));
        Assert.Contains("list_participants", await Server.ToolNamesAsync(key));
        using HttpResponseMessage write = await Server.PostMcpAsync(key, "tools/call", new JsonObject { ["name"] = Write, ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", write.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(Role.SupportWorker, (await Cli.Identities.GetUserAsync(Org, "coordinator", Cancel))!.Role);
    }

    [Fact]
    public async Task SetRole_Promotion_DoesNotWidenAnExistingKey()
    {
        string key = await KeyAsync("worker");

        CliResult result = await SucceedsAsync("users", "set-role", "--org", Org, "worker", "--role", "coordinator");

        Assert.Equal("Their keys and connections are capped by the Coordinator role within 5 seconds on every instance (IdentityCache:Seconds); none gains a scope it was not granted.", result.OutputLines[1]);
        Assert.Equal(Role.Coordinator, (await Cli.Identities.GetUserAsync(Org, "worker", Cancel))!.Role);
        Assert.DoesNotContain(Write, await Server.ToolNamesAsync(key));
        Assert.Contains(Write, await Server.ToolNamesAsync(await KeyAsync("worker")));
    }

    [Fact]
    public async Task SetRole_InAnEntraOrganization_SaysTheEntraAppRoleReplacesItAtTheNextSignIn()
    {
        string entra = CliHarness.UniqueOrganization("entra");
        await Cli.SeedOrganizationAsync(new Organization(entra, "Entra Org", EntraTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47"));

        CliResult result = await SucceedsAsync("users", "set-role", "--org", entra, "admin", "--role", "Coordinator");

        Assert.Equal(
            [
                $"Changed the role of the user admin (Ada Admin) of {entra} from Admin to Coordinator.",
                "Their keys and connections are capped by the Coordinator role within 5 seconds on every instance (IdentityCache:Seconds); none gains a scope it was not granted.",
                $"Note: {entra} signs in with Microsoft Entra ID (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47). At the user's next sign-in their Entra app role",
                "replaces this one: change their app role assignment in Entra to match, or this change lasts only until then.",
                "",
            ],
            result.OutputLines);
    }

    [Fact]
    public async Task SetRole_TheSameRole_ChangesNothingAndSaysSo()
    {
        CliResult result = await SucceedsAsync("users", "set-role", "--org", Org, "admin", "--role", "Admin");

        Assert.Equal($"The user admin (Ada Admin) of {Org} is already Admin: nothing changed.", result.OutputLines[0]);
    }

    [Theory]
    [InlineData("Boss")]
    [InlineData("2")]
    [InlineData("Admin,Coordinator")]
    public async Task SetRole_NotARole_IsAUsageErrorAndChangesNothing(string role)
    {
        CliResult result = await Cli.RunAsync("users", "set-role", "--org", Org, "worker", "--role", role);

        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Equal($"error: --role '{role}' is not a role: use Admin, Coordinator or SupportWorker", result.ErrorLines[0]);
        Assert.Equal("usage: fmcp users set-role --org <org> <user-id> --role Admin|Coordinator|SupportWorker", result.ErrorLines[1]);
        Assert.Equal(Role.SupportWorker, (await Cli.Identities.GetUserAsync(Org, "worker", Cancel))!.Role);
    }
}
