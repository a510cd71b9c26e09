using System.Text.Json;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed class KeysCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _other = CliHarness.UniqueOrganization();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Keys Org"));
        await _cli.SeedOrganizationAsync(new Organization(_other, "Other Org"));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    /// <summary>Creates a key through the CLI and returns its token (asserting success).</summary>
    private async Task<string> CreateAsync(string user = "coordinator", params string[] extra)
    {
        CliResult result = await _cli.RunAsync(["keys", "create", "--org", _org, "--user", user, "--name", "Manus on my laptop", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return CliHarness.TokensIn(result.Output).Distinct().Single();
    }

    private async Task<McpPrincipal> AcceptedAsync(string token)
    {
        CredentialCheck check = await _cli.Keys.AuthenticateAsync(token, Cancel);
        Assert.True(check.Succeeded, check.Failure);
        return check.Principal!;
    }

    [Fact]
    public async Task Create_PrintsAWorkingKeyOnceWithThePasteLines()
    {
        CliResult result = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "coordinator", "--name", "Manus on my laptop");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        string token = CliHarness.TokensIn(result.Output).Distinct().Single();
        Assert.True(AccessKeyFormat.TryParse(token, out string id, out _));
        McpPrincipal principal = await AcceptedAsync(token);
        Assert.Equal((_org, "coordinator", id), (principal.OrganizationId, principal.UserId, principal.CredentialId));
        Assert.Equal(RoleCeilings.For(Role.Coordinator), principal.Scopes);

        Assert.Equal(
            [
                $"Created access key {id} \"Manus on my laptop\" for coordinator in {_org}.",
                $"Scopes:  {string.Join(", ", Scopes.All)}",
                "Expires: never",
                "",
                $"Key: {token}",
                "",
                $"Manus header: Authorization: Bearer {token}",
                $"Claude Code:  claude mcp add --transport http functions-mcp https://mcp.example.org/mcp --header \"Authorization: Bearer {token}\"",
                "",
                "The key is shown only once and stored only as a hash: copy it now. If it is lost, revoke it and create another.",
                "",
            ],
            result.OutputLines);
    }

    [Fact]
    public async Task Create_ForASupportWorker_DefaultsToTheirRoleCeiling()
    {
        McpPrincipal principal = await AcceptedAsync(await CreateAsync("worker"));

        Assert.Equal(RoleCeilings.For(Role.SupportWorker), principal.Scopes);
    }

    [Fact]
    public async Task Create_WithScopesAndExpiresIn_GrantsThoseUntilThen()
    {
        string token = await CreateAsync("coordinator", "--scopes", "goals:read, participants:read", "--expires-in", "30d");

        McpPrincipal principal = await AcceptedAsync(token);
        Assert.Equal([Scopes.ParticipantsRead, Scopes.GoalsRead], principal.Scopes);
        AccessKey key = (await _cli.KeyStore.GetAsync(principal.CredentialId, Cancel))!;
        Assert.Equal(_cli.Time.GetUtcNow().AddDays(30), key.ExpiresAt);
    }

    [Fact]
    public async Task Create_WithExpiresDate_EndsAtMidnightUtcThatDay()
    {
        CliResult result = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "admin", "--name", "n", "--expires", "2027-01-31");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Expires: 2027-01-31 00:00 UTC", result.OutputLines);
        Assert.True(AccessKeyFormat.TryParse(CliHarness.TokensIn(result.Output)[0], out string id, out _));
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), (await _cli.KeyStore.GetAsync(id, Cancel))!.ExpiresAt);
    }

    [Theory]
    [InlineData("worker", "participants:read,participants:write", "the key was not created: a support worker may not hold participants:write.")]
    [InlineData("coordinator", "participants:read,bogus:read", "the key was not created: unknown scopes: bogus:read; known scopes are participants:read, participants:write, goals:read")]
    [InlineData("nobody", null, "the key was not created: user 'nobody' was not found in organization '{org}', or is disabled.")]
    [InlineData("disabled", null, "the key was not created: user 'disabled' was not found in organization '{org}', or is disabled.")]
    public async Task Create_Refused_ExitsWith1AndSaysWhy(string user, string? scopes, string expected)
    {
        string[] args = ["keys", "create", "--org", _org, "--user", user, "--name", "n", .. scopes is null ? Array.Empty<string>() : ["--scopes", scopes]];

        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: " + expected.Replace("{org}", _org, StringComparison.Ordinal), Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(await _cli.Keys.ListAsync(_org, user, Cancel));
    }

    [Fact]
    public async Task Create_ANameThatChangesTheDirectionOfText_IsRefusedWithTheSettingsPagesSentence()
    {
        CliResult result = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "coordinator", "--name", "Manus\u202Egnp.exe");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["error: the key was not created: the key's name may not contain characters that change the direction of text (such as U+202E RIGHT-TO-LEFT OVERRIDE), which can make a name look like another."],
            result.ErrorLines);
        Assert.Empty(await _cli.Keys.ListAsync(_org, "coordinator", Cancel));
    }

    [Fact]
    public async Task Create_ExpiryInThePastOrUnknownOrganization_ExitsWith1()
    {
        CliResult past = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "admin", "--name", "n", "--expires", "2020-01-01");
        CliResult noOrg = await _cli.RunAsync("keys", "create", "--org", "no-such-org", "--user", "admin", "--name", "n");

        Assert.Equal((1, 1), (past.ExitCode, noOrg.ExitCode));
        Assert.Equal(["error: the key was not created: the expiry is in the past."], past.ErrorLines);
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], noOrg.ErrorLines);
    }

    [Fact]
    public async Task Create_WithoutABaseUrl_UsesLocalhostAndSaysSo()
    {
        await using var cli = new CliHarness(new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString });

        CliResult result = await cli.RunAsync("keys", "create", "--org", _org, "--user", "admin", "--name", "local");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["note: Server__BaseUrl (or --url) is not set: using http://localhost:7071."], result.ErrorLines);
        Assert.Contains(result.OutputLines, l => l.StartsWith("Claude Code:  claude mcp add --transport http functions-mcp http://localhost:7071/mcp --header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WithUrlOption_UsesIt()
    {
        CliResult result = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "admin", "--name", "n", "--url", "https://func-abc.azurewebsites.net/");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith("Claude Code:  claude mcp add --transport http functions-mcp https://func-abc.azurewebsites.net/mcp --header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_ShowsEveryKeyWithItsStatusButNeverASecret()
    {
        string first = await CreateAsync("coordinator");
        string second = await CreateAsync("worker", "--scopes", "goals:read,goals:write");
        (string expiredId, _, byte[] hash) = AccessKeyFormat.Generate();
        await _cli.KeyStore.AddAsync(
            new AccessKey(expiredId, _org, "admin", "Old laptop", [Scopes.GoalsRead], hash, _cli.Time.GetUtcNow().AddDays(-10), _cli.Time.GetUtcNow().AddDays(-1)), Cancel);
        await AcceptedAsync(first);
        CliResult revoke = await _cli.RunAsync("keys", "revoke", "--org", _org, Id(second));
        Assert.Equal(0, revoke.ExitCode);

        CliResult result = await _cli.RunAsync("keys", "list", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("^ID +NAME +OWNER +SCOPES +CREATED \\(UTC\\) +EXPIRES \\(UTC\\) +LAST USED \\(UTC\\) +STATUS$", result.OutputLines[0]);
        Assert.Matches($"^{Id(first)}  Manus on my laptop  coordinator  all +2026-11-22 09:00 +never +2026-11-22 09:00 +active$", Row(result, first));
        Assert.Matches($"^{Id(second)}  Manus on my laptop  worker +goals:read,goals:write +2026-11-22 09:00 +never +never +revoked$", Row(result, second));
        Assert.Matches($"^{expiredId}  Old laptop +admin +goals:read +2026-11-12 09:00 +2026-11-21 09:00 +never +expired$", Row(result, expiredId));
        AssertNoSecrets(result.Output, first, second);
    }

    [Fact]
    public async Task List_Json_HasTheFieldsButNoSecretOrHash()
    {
        string token = await CreateAsync("coordinator", "--scopes", "staff:read");

        CliResult result = await _cli.RunAsync("keys", "list", "--org", _org, "--user", "coordinator", "--json");

        Assert.Equal(0, result.ExitCode);
        AssertNoSecrets(result.Output, token);
        JsonElement key = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal(
            ["id", "name", "owner", "scopes", "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "status"],
            key.EnumerateObject().Select(p => p.Name));
        Assert.Equal((Id(token), "coordinator", "active"), (key.GetProperty("id").GetString(), key.GetProperty("owner").GetString(), key.GetProperty("status").GetString()));
        Assert.Equal([Scopes.StaffRead], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task List_ByUser_ShowsOnlyTheirKeys_AndNamesAnUnknownUser()
    {
        string mine = await CreateAsync("admin");
        string theirs = await CreateAsync("worker");

        CliResult admin = await _cli.RunAsync("keys", "list", "--org", _org, "--user", "admin");
        CliResult unknown = await _cli.RunAsync("keys", "list", "--org", _org, "--user", "nobody");

        Assert.Equal(0, admin.ExitCode);
        Assert.Contains(admin.OutputLines, l => l.StartsWith(Id(mine), StringComparison.Ordinal));
        Assert.DoesNotContain(Id(theirs), admin.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal([$"error: user 'nobody' was not found in organization '{_org}': run 'users list --org {_org}' to see its users"], unknown.ErrorLines);
    }

    [Fact]
    public async Task List_NoKeys_SaysSo()
    {
        CliResult result = await _cli.RunAsync("keys", "list", "--org", _other);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"No access keys in organization '{_other}'.", result.OutputLines[0]);
    }

    [Fact]
    public async Task Revoke_TakesEffectOnTheNextRequest()
    {
        string token = await CreateAsync();
        await AcceptedAsync(token);

        CliResult result = await _cli.RunAsync("keys", "revoke", "--org", _org, Id(token));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Revoked key {Id(token)} \"Manus on my laptop\" of coordinator: it is refused from the next request on.", result.OutputLines[0]);
        CredentialCheck check = await _cli.Keys.AuthenticateAsync(token, Cancel);
        Assert.False(check.Succeeded);
        Assert.Equal("The access key has been revoked.", check.Failure);

        CliResult again = await _cli.RunAsync("keys", "revoke", "--org", _org, Id(token));
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith($"Key {Id(token)} \"Manus on my laptop\" of coordinator was already revoked at 2026-11-22 09:00 UTC.", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AnotherOrganizationsKey_IsNotFoundAndTheKeyKeepsWorking()
    {
        (CreatedAccessKey? created, _) = await _cli.Keys.CreateAsync(_other, "coordinator", "theirs", [Scopes.GoalsRead], null, Cancel);

        CliResult result = await _cli.RunAsync("keys", "revoke", "--org", _org, created!.Key.Id);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([$"error: key '{created.Key.Id}' was not found in organization '{_org}': run 'keys list --org {_org}' to see its keys"], result.ErrorLines);
        await AcceptedAsync(created.Token);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("not/a key")]
    public async Task Revoke_UnknownId_IsNotFound(string id)
    {
        CliResult result = await _cli.RunAsync("keys", "revoke", "--org", _org, id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: key '{id}' was not found in organization '{_org}': run 'keys list --org {_org}' to see its keys"], result.ErrorLines);
    }

    private static string Id(string token) => AccessKeyFormat.TryParse(token, out string id, out _) ? id : throw new ArgumentException("not a key", nameof(token));

    private static string Row(CliResult result, string tokenOrId)
    {
        string id = AccessKeyFormat.LooksLikeKey(tokenOrId) ? Id(tokenOrId) : tokenOrId;
        return Assert.Single(result.OutputLines, l => l.StartsWith(id + " ", StringComparison.Ordinal));
    }

    private static void AssertNoSecrets(string output, params string[] tokens)
    {
        Assert.Empty(CliHarness.TokensIn(output));
        foreach (string token in tokens)
        {
            Assert.True(AccessKeyFormat.TryParse(token, out _, out string secret));
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
