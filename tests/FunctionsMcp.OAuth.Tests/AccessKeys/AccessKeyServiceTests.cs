using Azure.Data.Tables;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.AccessKeys;

/// <summary>Access keys end to end against the real table stores in Azurite.</summary>
public sealed class AccessKeyServiceTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly TableIdentityStore _identities;
    private readonly TableAccessKeyStore _keys;
    private readonly AccessKeyService _service;
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..8];
    private readonly AzuriteFixture _azurite;

    public AccessKeyServiceTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        // The store forgets what it writes from the cache, so a change a test makes applies at the next check, as in one app instance.
        var cache = new IdentityCache(Options.Create(new IdentityCacheOptions()), _time);
        _identities = new TableIdentityStore(tables, cache);
        _keys = new TableAccessKeyStore(tables);
        _service = new AccessKeyService(_keys, _identities, cache, _time);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _identities.SaveOrganizationAsync(new Organization(_org, "Test org"), Cancel);
        await _identities.SaveUserAsync(new User(_org, "coordinator", "C", "c@example.org", Role.Coordinator), Cancel);
        await _identities.SaveUserAsync(new User(_org, "worker", "W", "w@example.org", Role.SupportWorker), Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<CreatedAccessKey> CreateAsync(string user = "coordinator", string[]? scopes = null, DateTimeOffset? expires = null)
    {
        (CreatedAccessKey? created, string? error) = await _service.CreateAsync(_org, user, "test key", scopes ?? [Scopes.ParticipantsRead, Scopes.ParticipantsWrite], expires, Cancel);
        Assert.Null(error);
        return created!;
    }

    [Fact]
    public async Task Authenticate_AFreshKey_GivesItsOwnersPrincipal()
    {
        CreatedAccessKey created = await CreateAsync();

        CredentialCheck check = await _service.AuthenticateAsync(created.Token, Cancel);

        Assert.True(check.Succeeded);
        Assert.Equal((_org, "coordinator", Role.Coordinator, CredentialKind.AccessKey, created.Key.Id),
            (check.Principal!.OrganizationId, check.Principal.UserId, check.Principal.Role, check.Principal.Credential, check.Principal.CredentialId));
        Assert.Equal([Scopes.ParticipantsRead, Scopes.ParticipantsWrite], check.Principal.Scopes);
    }

    [Fact]
    public async Task Store_KeepsOnlyAHashOfTheSecret()
    {
        CreatedAccessKey created = await CreateAsync();
        Assert.True(AccessKeyFormat.TryParse(created.Token, out _, out string secret));

        TableEntity raw = await new TableServiceClient(_azurite.ConnectionString)
            .GetTableClient(TableNames.AccessKeys).GetEntityAsync<TableEntity>(created.Key.Id, "key", cancellationToken: Cancel);

        string everything = string.Join("|", raw.Select(p => p.Value is byte[] b ? Convert.ToBase64String(b) : p.Value?.ToString()));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token, everything, StringComparison.Ordinal);
        Assert.Equal(32, Assert.IsType<byte[]>(raw["SecretHash"]).Length);
    }

    [Fact]
    public async Task Revoke_TakesEffectOnTheVeryNextUse()
    {
        CreatedAccessKey created = await CreateAsync();
        Assert.True((await _service.AuthenticateAsync(created.Token, Cancel)).Succeeded);

        Assert.NotNull(await _service.RevokeAsync(_org, ownerId: null, created.Key.Id, Cancel));
        CredentialCheck check = await _service.AuthenticateAsync(created.Token, Cancel);

        Assert.False(check.Succeeded);
        Assert.Equal("The access key has been revoked.", check.Failure);
    }

    [Fact]
    public async Task Revoke_FromAnotherOrganization_DoesNothing()
    {
        CreatedAccessKey created = await CreateAsync();

        Assert.Null(await _service.RevokeAsync("someone-else", ownerId: null, created.Key.Id, Cancel));
        Assert.True((await _service.AuthenticateAsync(created.Token, Cancel)).Succeeded);
    }

    [Fact]
    public async Task Expiry_TakesEffectTheMomentItPasses()
    {
        CreatedAccessKey created = await CreateAsync(expires: _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await _service.AuthenticateAsync(created.Token, Cancel)).Succeeded);

        _time.Advance(TimeSpan.FromMinutes(1));
        CredentialCheck check = await _service.AuthenticateAsync(created.Token, Cancel);

        Assert.Equal("The access key has expired.", check.Failure);
    }

    [Fact]
    public async Task RoleChange_NarrowsExistingKeysAtTheirNextUse()
    {
        CreatedAccessKey created = await CreateAsync(scopes: [Scopes.ParticipantsRead, Scopes.ParticipantsWrite, Scopes.GoalsWrite]);

        await _identities.SaveUserAsync(new User(_org, "coordinator", "C", "c@example.org", Role.SupportWorker), Cancel);
        CredentialCheck check = await _service.AuthenticateAsync(created.Token, Cancel);

        Assert.Equal([Scopes.ParticipantsRead, Scopes.GoalsWrite], check.Principal!.Scopes);
        Assert.Equal(Role.SupportWorker, check.Principal.Role);
    }

    [Fact]
    public async Task DisabledOwnerOrSuspendedOrganization_RefusesTheKey()
    {
        CreatedAccessKey created = await CreateAsync();

        await _identities.SaveUserAsync(new User(_org, "coordinator", "C", "c@example.org", Role.Coordinator, Disabled: true), Cancel);
        Assert.False((await _service.AuthenticateAsync(created.Token, Cancel)).Succeeded);

        await _identities.SaveUserAsync(new User(_org, "coordinator", "C", "c@example.org", Role.Coordinator), Cancel);
        await _identities.SaveOrganizationAsync(new Organization(_org, "Test org", Suspended: true), Cancel);
        Assert.Equal("The access key's organization is suspended.", (await _service.AuthenticateAsync(created.Token, Cancel)).Failure);
    }

    [Fact]
    public async Task Create_RefusesScopesBeyondTheOwnersRole_AndUnknownScopes()
    {
        (CreatedAccessKey? beyond, string? error) = await _service.CreateAsync(_org, "worker", "k", [Scopes.ParticipantsRead, Scopes.ParticipantsWrite], null, Cancel);
        Assert.Null(beyond);
        Assert.Equal("a support worker may not hold participants:write", error);

        (CreatedAccessKey? unknown, string? error2) = await _service.CreateAsync(_org, "worker", "k", ["admin:everything"], null, Cancel);
        Assert.Null(unknown);
        Assert.StartsWith("unknown scopes: admin:everything", error2, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task UnknownOrForgedKeys_AreRefusedWithoutDetail(string token)
    {
        CredentialCheck check = await _service.AuthenticateAsync(token, Cancel);

        Assert.Equal("The access key is not valid.", check.Failure);
    }

    [Fact]
    public async Task AKeyWithTheRightIdButAWrongSecret_IsRefused()
    {
        CreatedAccessKey created = await CreateAsync();
        string forged = created.Token[..^1] + (created.Token[^1] == 'A' ? 'B' : 'A');

        Assert.Equal("The access key is not valid.", (await _service.AuthenticateAsync(forged, Cancel)).Failure);
    }

    [Fact]
    public async Task Use_RecordsLastUsedAtMostOnceAMinute()
    {
        CreatedAccessKey created = await CreateAsync();
        DateTimeOffset first = _time.GetUtcNow();
        await _service.AuthenticateAsync(created.Token, Cancel);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _service.AuthenticateAsync(created.Token, Cancel);
        Assert.Equal(first, (await _keys.GetAsync(created.Key.Id, Cancel))!.LastUsedAt);

        _time.Advance(TimeSpan.FromSeconds(30));
        await _service.AuthenticateAsync(created.Token, Cancel);
        Assert.Equal(first.AddMinutes(1), (await _keys.GetAsync(created.Key.Id, Cancel))!.LastUsedAt);
    }

    [Fact]
    public async Task List_ShowsOnlyThatOrganizationsKeys()
    {
        CreatedAccessKey mine = await CreateAsync();
        await CreateAsync(user: "worker", scopes: [Scopes.GoalsRead]);

        IReadOnlyList<AccessKey> all = await _service.ListAsync(_org, null, Cancel);
        IReadOnlyList<AccessKey> coordinators = await _service.ListAsync(_org, "coordinator", Cancel);
        IReadOnlyList<AccessKey> others = await _service.ListAsync("other" + _org, null, Cancel);

        Assert.Equal(2, all.Count);
        Assert.Equal(mine.Key.Id, Assert.Single(coordinators).Id);
        Assert.Empty(others);
    }

    [Fact]
    public async Task FindAndRevoke_WithAnOwner_SeeOnlyThatPersonsKeys()
    {
        CreatedAccessKey coordinators = await CreateAsync();

        Assert.Null(await _service.FindAsync(_org, "worker", coordinators.Key.Id, Cancel));
        Assert.Null(await _service.RevokeAsync(_org, "worker", coordinators.Key.Id, Cancel));
        Assert.True((await _service.AuthenticateAsync(coordinators.Token, Cancel)).Succeeded);
        Assert.Equal(coordinators.Key.Id, (await _service.FindAsync(_org, "coordinator", coordinators.Key.Id, Cancel))?.Id);
        Assert.Null((await _service.RevokeAsync(_org, "coordinator", coordinators.Key.Id, Cancel))?.RevokedAt);
        Assert.NotNull((await _service.RevokeAsync(_org, "coordinator", coordinators.Key.Id, Cancel))?.RevokedAt);
        Assert.False((await _service.AuthenticateAsync(coordinators.Token, Cancel)).Succeeded);
    }

    [Theory]
    [InlineData("Manus\u202Egnp.exe", "the key's name may not contain characters that change the direction of text")]
    [InlineData("\u2067Manus", "the key's name may not contain characters that change the direction of text")]
    [InlineData("Claude\u200ECode", "the key's name may not contain characters that change the direction of text")]
    [InlineData("bell\u0007", "the key's name may not contain control characters")]
    [InlineData("two\nlines", "the key's name may not contain control characters")]
    [InlineData("   ", "the key needs a name of 1 to 100 characters")]
    public async Task Create_RefusesANameThatCouldMisleadWithASentence(string escaped, string sentence)
    {
        string name = System.Text.RegularExpressions.Regex.Unescape(escaped);

        (CreatedAccessKey? created, string? error) = await _service.CreateAsync(_org, "coordinator", name, [Scopes.ParticipantsRead], null, Cancel);

        Assert.Null(created);
        Assert.StartsWith(sentence, error, StringComparison.Ordinal);
        Assert.Empty(await _service.ListAsync(_org, "coordinator", Cancel));
    }

    [Fact]
    public async Task Create_AcceptsNamesInAnyScript()
    {
        (CreatedAccessKey? created, string? error) = await _service.CreateAsync(_org, "coordinator", "مانوس – Manus 🤖", [Scopes.ParticipantsRead], null, Cancel);

        Assert.Null(error);
        Assert.Equal("مانوس – Manus 🤖", created!.Key.Name);
    }
}
