using System.Text.Json;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed class GrantsCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Revoked = "The access token's connection has been revoked: sign in again.";
    private const string ChatGpt = "cc_0123456789abcdef01234567";
    private const string Claude = "dyn_89abcdef0123456789abcdef";

    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _other = CliHarness.UniqueOrganization();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Grants Org"));
        await _cli.SeedOrganizationAsync(new Organization(_other, "Other Org"));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    private async Task AcceptedAsync(string token)
    {
        CredentialCheck check = await _cli.Tokens.AuthenticateAsync(token, Cancel);
        Assert.True(check.Succeeded, check.Failure);
    }

    private async Task RefusedAsync(string token) => Assert.Equal(Revoked, (await _cli.Tokens.AuthenticateAsync(token, Cancel)).Failure);

    private static string Row(CliResult result, Grant grant) => Assert.Single(result.OutputLines, l => l.StartsWith(grant.Id + " ", StringComparison.Ordinal));

    [Fact]
    public async Task List_ShowsEveryConnectionNewestFirstWithItsStatus()
    {
        (Grant used, string token) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt, Scopes.All.ToArray());
        _cli.Time.Advance(TimeSpan.FromMinutes(5));
        await AcceptedAsync(token);
        (Grant revoked, _) = await _cli.ConnectAsync(_org, "worker", Claude, Scopes.GoalsRead);
        await _cli.Grants.RevokeAsync(_org, revoked.Id, "refresh token reused", _cli.Time.GetUtcNow().AddMinutes(1), Cancel);

        CliResult result = await _cli.RunAsync("grants", "list", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Matches("^ID +USER +CLIENT +SCOPES +CREATED \\(UTC\\) +LAST USED \\(UTC\\) +STATUS$", result.OutputLines[0]);
        Assert.Equal(revoked.Id, result.OutputLines[1].Split(' ')[0]);
        Assert.Matches($"^{used.Id}  coordinator  {ChatGpt} +all +2026-11-22 09:00 +2026-11-22 09:05 +active$", Row(result, used));
        Assert.Matches($"^{revoked.Id}  worker +{Claude}  goals:read +2026-11-22 09:05 +never +revoked 2026-11-22 09:06: refresh token reused$", Row(result, revoked));
    }

    [Fact]
    public async Task List_Json_HasTheFields()
    {
        (Grant grant, _) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt, Scopes.ParticipantsRead);
        await _cli.Grants.RevokeAsync(_org, grant.Id, "revoked by the client", _cli.Time.GetUtcNow(), Cancel);

        CliResult result = await _cli.RunAsync("grants", "list", "--org", _org, "--json");

        Assert.Equal(0, result.ExitCode);
        JsonElement listed = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal(
            ["id", "user", "clientId", "scopes", "createdAt", "lastUsedAt", "revokedAt", "revokedReason", "status"],
            listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal((grant.Id, "coordinator", ChatGpt, "revoked", "revoked by the client"), (
            listed.GetProperty("id").GetString(), listed.GetProperty("user").GetString(), listed.GetProperty("clientId").GetString(),
            listed.GetProperty("status").GetString(), listed.GetProperty("revokedReason").GetString()));
        Assert.Equal([Scopes.ParticipantsRead], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(_cli.Time.GetUtcNow(), listed.GetProperty("revokedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task List_ByUser_ShowsOnlyTheirs_AndNamesAnUnknownUser()
    {
        (Grant mine, _) = await _cli.ConnectAsync(_org, "admin", ChatGpt);
        (Grant theirs, _) = await _cli.ConnectAsync(_org, "worker", ChatGpt);
        (Grant otherOrg, _) = await _cli.ConnectAsync(_other, "admin", ChatGpt);

        CliResult admin = await _cli.RunAsync("grants", "list", "--org", _org, "--user", "admin");
        CliResult unknown = await _cli.RunAsync("grants", "list", "--org", _org, "--user", "nobody");

        Assert.Equal(0, admin.ExitCode);
        Row(admin, mine);
        Assert.DoesNotContain(theirs.Id, admin.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(otherOrg.Id, admin.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal([$"error: user 'nobody' was not found in organization '{_org}': run 'users list --org {_org}' to see its users"], unknown.ErrorLines);
    }

    [Fact]
    public async Task List_NoConnectionsOrUnknownOrganization()
    {
        CliResult none = await _cli.RunAsync("grants", "list", "--org", _org, "--user", "worker");
        CliResult noOrg = await _cli.RunAsync("grants", "list", "--org", "no-such-org");

        Assert.Equal(0, none.ExitCode);
        Assert.Equal($"No OAuth connections in organization '{_org}' for user 'worker'.", none.OutputLines[0]);
        Assert.Equal(1, noOrg.ExitCode);
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], noOrg.ErrorLines);
    }

    [Fact]
    public async Task Revoke_StopsTheGrantsTokensAtOnce_AndNoOtherGrant()
    {
        (Grant grant, string token) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt);
        (_, string otherDevice) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt);
        await AcceptedAsync(token);

        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, grant.Id);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            $"Revoked grant {grant.Id} of coordinator to {ChatGpt}: its access and refresh tokens are refused from their next use on.",
            result.OutputLines[0]);
        await RefusedAsync(token);
        await AcceptedAsync(otherDevice);
        // The token endpoint refuses a refresh token whose grant is not active: this is what it reads.
        Grant stored = (await _cli.Grants.GetAsync(_org, grant.Id, Cancel))!;
        Assert.Equal((false, _cli.Time.GetUtcNow(), "revoked by an administrator"), (stored.IsActive, stored.RevokedAt, stored.RevokedReason));

        _cli.Time.Advance(TimeSpan.FromMinutes(3));
        CliResult again = await _cli.RunAsync("grants", "revoke", "--org", _org, grant.Id);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(
            $"Grant {grant.Id} of coordinator to {ChatGpt} was already revoked at 2026-11-22 09:00 UTC: revoked by an administrator.",
            again.OutputLines[0]);
    }

    [Fact]
    public async Task Revoke_AnotherOrganizationsGrant_IsNotFoundAndItKeepsWorking()
    {
        (Grant theirs, string token) = await _cli.ConnectAsync(_other, "coordinator", ChatGpt);

        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, theirs.Id);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([$"error: grant '{theirs.Id}' was not found in organization '{_org}': run 'grants list --org {_org}' to see its connections"], result.ErrorLines);
        await AcceptedAsync(token);
    }

    [Theory]
    [InlineData("gr_00000000000000000000")]
    [InlineData("not/a grant")]
    public async Task Revoke_UnknownId_IsNotFound(string id)
    {
        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: grant '{id}' was not found in organization '{_org}': run 'grants list --org {_org}' to see its connections"], result.ErrorLines);
    }

    [Fact]
    public async Task RevokeClient_ForAUser_DisconnectsEveryDeviceOfThatUserToThatAppOnly()
    {
        (Grant laptop, string laptopToken) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt);
        (Grant phone, string phoneToken) = await _cli.ConnectAsync(_org, "coordinator", ChatGpt);
        (_, string otherApp) = await _cli.ConnectAsync(_org, "coordinator", Claude);
        (_, string otherUser) = await _cli.ConnectAsync(_org, "worker", ChatGpt);

        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, "--user", "coordinator", "--client", ChatGpt);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(
            $"^Revoked 2 connections of user 'coordinator' to {ChatGpt} \\(({laptop.Id}, {phone.Id}|{phone.Id}, {laptop.Id})\\): " +
            "their access and refresh tokens are refused from their next use on\\.$",
            result.OutputLines[0]);
        await RefusedAsync(laptopToken);
        await RefusedAsync(phoneToken);
        await AcceptedAsync(otherApp);
        await AcceptedAsync(otherUser);

        CliResult again = await _cli.RunAsync("grants", "revoke", "--org", _org, "--user", "coordinator", "--client", ChatGpt);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal($"Every connection of user 'coordinator' to {ChatGpt} was already revoked.", again.OutputLines[0]);
    }

    [Fact]
    public async Task RevokeClient_ForEveryone_LeavesOtherOrganizationsAlone()
    {
        (Grant grant, string token) = await _cli.ConnectAsync(_org, "worker", Claude);
        (_, string otherOrg) = await _cli.ConnectAsync(_other, "worker", Claude);

        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, "--client", Claude);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Revoked 1 connection to {Claude} ({grant.Id}): ", result.OutputLines[0], StringComparison.Ordinal);
        await RefusedAsync(token);
        await AcceptedAsync(otherOrg);
    }

    [Fact]
    public async Task RevokeClient_WithNoConnections_IsNotFound()
    {
        await _cli.ConnectAsync(_org, "admin", ChatGpt);

        CliResult result = await _cli.RunAsync("grants", "revoke", "--org", _org, "--user", "worker", "--client", ChatGpt);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"error: no connections of user 'worker' to client '{ChatGpt}' in organization '{_org}': run 'grants list --org {_org}' to see its connections"],
            result.ErrorLines);
    }
}
