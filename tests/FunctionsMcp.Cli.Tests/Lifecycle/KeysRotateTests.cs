using System.Net;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Lifecycle;

/// <summary><c>keys rotate</c>: the old key is refused at <c>/mcp</c> from the next request on, the new one works in its place.</summary>
public sealed class KeysRotateTests(AzuriteFixture azurite) : LifecycleTest(azurite)
{
    /// <summary>Creates a key through the CLI; returns its id and token.</summary>
    private async Task<(string Id, string Token)> CreateAsync(params string[] options)
    {
        CliResult created = await SucceedsAsync(["keys", "create", "--org", Org, "--user", "coordinator", "--name", "Manus on my laptop", .. options]);
        string token = CliHarness.TokensIn(created.Output).Distinct().Single();
        Assert.True(AccessKeyFormat.TryParse(token, out string id, out _));
        return (id, token);
    }

    [Fact]
    public async Task Rotate_RefusesTheOldKey_AndTheNewOneWorksWithTheSameNameOwnerScopesAndExpiryLength()
    {
        (string oldId, string oldToken) = await CreateAsync("--scopes", "participants:read,goals:read", "--expires-in", "30d");
        string[] tools = await Server.ToolNamesAsync(oldToken);
        Cli.Time.Advance(TimeSpan.FromDays(10));

        CliResult rotated = await SucceedsAsync("keys", "rotate", "--org", Org, oldId);

        string newToken = CliHarness.TokensIn(rotated.Output).Distinct().Single();
        Assert.True(AccessKeyFormat.TryParse(newToken, out string newId, out _));
        Assert.Equal(
            [
                $"Created access key {newId} \"Manus on my laptop\" for coordinator in {Org}.",
                "Scopes:  participants:read, goals:read",
                "Expires: 2027-01-01 09:00 UTC",
                "",
                $"Key: {newToken}",
                "",
                $"Manus header: Authorization: Bearer {newToken}",
                $"Claude Code:  claude mcp add --transport http functions-mcp {CliHarness.BaseUrl}/mcp --header \"Authorization: Bearer {newToken}\"",
                "",
                "The key is shown only once and stored only as a hash: copy it now. If it is lost, revoke it and create another.",
                "",
                $"It replaces key {oldId}, which is revoked: it is refused from the next request on.",
                "",
            ],
            rotated.OutputLines);
        Assert.Equal((HttpStatusCode.Unauthorized, "The access key has been revoked."), await ListToolsAsync(oldToken));
        Assert.Equal(tools, await Server.ToolNamesAsync(newToken));

        AccessKey old = (await Cli.KeyStore.GetAsync(oldId, Cancel))!;
        AccessKey replacement = (await Cli.KeyStore.GetAsync(newId, Cancel))!;
        Assert.Equal(Cli.Time.GetUtcNow(), old.RevokedAt);
        Assert.Equal((old.Name, old.UserId, old.OrganizationId), (replacement.Name, replacement.UserId, replacement.OrganizationId));
        Assert.Equal(old.Scopes, replacement.Scopes);
        Assert.Equal(old.ExpiresAt - old.CreatedAt, replacement.ExpiresAt - replacement.CreatedAt);
    }

    [Fact]
    public async Task Rotate_AfterADemotion_LeavesOutTheScopesTheRoleNoLongerAllows()
    {
        (string oldId, _) = await CreateAsync();
        await Cli.Identities.UpdateUserAsync(Org, "coordinator", u => u with { Role = Role.SupportWorker }, Cancel);

        CliResult rotated = await SucceedsAsync("keys", "rotate", "--org", Org, oldId);

        Assert.Equal($"Scopes:  {string.Join(", ", RoleCeilings.For(Role.SupportWorker))}", rotated.OutputLines[1]);
        Assert.Equal("Expires: never", rotated.OutputLines[2]);
        Assert.Equal(
            "Left out participants:write, careplans:write, funding:write: the role of coordinator no longer allows them, so the old key could not use them either.",
            rotated.OutputLines[^2]);
        string newToken = CliHarness.TokensIn(rotated.Output).Distinct().Single();
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(newToken)).Status);
    }

    [Fact]
    public async Task Rotate_ARevokedKey_IsRefusedAndCreatesNothing()
    {
        (string oldId, string oldToken) = await CreateAsync();
        await SucceedsAsync("keys", "revoke", "--org", Org, oldId);

        CliResult result = await Cli.RunAsync("keys", "rotate", "--org", Org, oldId);

        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        Assert.Equal([$"error: key '{oldId}' was not rotated: it was revoked; create a new key instead."], result.ErrorLines);
        Assert.Single(await Cli.KeyStore.ListAsync(Org, "coordinator", Cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ListToolsAsync(oldToken)).Status);
    }

    [Fact]
    public async Task Rotate_AnUnknownKeyOrAnotherOrganizationsKey_IsNotFound()
    {
        string other = CliHarness.UniqueOrganization();
        await Cli.SeedOrganizationAsync(new Organization(other, "Other Org"));
        (string id, string token) = await CreateAsync();

        CliResult unknown = await Cli.RunAsync("keys", "rotate", "--org", Org, "fmcp_nosuchkey");
        CliResult elsewhere = await Cli.RunAsync("keys", "rotate", "--org", other, id);

        Assert.Equal((1, ""), (unknown.ExitCode, unknown.Output));
        Assert.Equal([$"error: key 'fmcp_nosuchkey' was not found in organization '{Org}': run 'keys list --org {Org}' to see its keys"], unknown.ErrorLines);
        Assert.Equal((1, ""), (elsewhere.ExitCode, elsewhere.Output));
        Assert.Equal([$"error: key '{id}' was not found in organization '{other}': run 'keys list --org {other}' to see its keys"], elsewhere.ErrorLines);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(token)).Status);
    }
}
