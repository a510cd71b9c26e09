using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Tests.Commands;

/// <summary><c>signing-keys list|rotate</c> on a real key file, checked with the token service as the app runs it.</summary>
public sealed class SigningKeysCommandsTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fmcp-cli-keys-" + Guid.NewGuid().ToString("N"));
    private readonly CliHarness _cli;
    private readonly string _org = CliHarness.UniqueOrganization();

    public SigningKeysCommandsTests(AzuriteFixture azurite)
    {
        _cli = new CliHarness(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Server:BaseUrl"] = CliHarness.BaseUrl,
            ["OAuth:SigningKeyFile"] = Path.Combine(_folder, "signing-keys.json"),
        });
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _cli.SeedOrganizationAsync(new Organization(_org, "Keys Org"));

    public async ValueTask DisposeAsync()
    {
        await _cli.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The token service of a freshly started app instance reading the same key file.</summary>
    private AccessTokenService App() => new(
        new SigningKeys(new FileSigningKeyStore(Path.Combine(_folder, "signing-keys.json")), Options.Create(new OAuthOptions()), _cli.Time),
        _cli.Grants, _cli.Identities, new IdentityCache(Options.Create(new IdentityCacheOptions()), _cli.Time), Options.Create(new ServerOptions { BaseUrl = CliHarness.BaseUrl }), Options.Create(new OAuthOptions()), _cli.Time);

    [Fact]
    public async Task Rotate_SignsWithANewKey_WhileTokensSignedBeforeKeepWorking()
    {
        var grant = new Grant("gr_rotation", _org, "coordinator", "client-1", [Scopes.ParticipantsRead], _cli.Time.GetUtcNow());
        await _cli.Grants.AddAsync(grant, Cancel);
        string before = (await App().IssueAsync(grant, grant.Scopes, Cancel)).Token;
        CliResult listed = await _cli.RunAsync("signing-keys", "list");
        string oldKid = listed.OutputLines[1].Split(' ')[0];

        _cli.Time.Advance(TimeSpan.FromMinutes(1));
        CliResult rotated = await _cli.RunAsync("signing-keys", "rotate");
        CliResult after = await _cli.RunAsync("signing-keys", "list");
        AccessTokenService restarted = App();
        string signedNow = (await restarted.IssueAsync(grant, grant.Scopes, Cancel)).Token;

        Assert.Equal((0, 0, 0), (listed.ExitCode, rotated.ExitCode, after.ExitCode));
        Assert.Contains($"Tokens signed with {oldKid} keep validating until they expire", rotated.Output, StringComparison.Ordinal);
        string newKid = after.OutputLines[1].Split(' ')[0];
        Assert.NotEqual(oldKid, newKid);
        Assert.Matches($"^{newKid} .* signs$", after.OutputLines[1]);
        Assert.Matches($"^{oldKid} .* validates until its tokens expire$", after.OutputLines[2]);
        Assert.Equal(newKid, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(signedNow).Kid);
        Assert.True((await restarted.AuthenticateAsync(before, Cancel)).Succeeded);
        Assert.True((await restarted.AuthenticateAsync(signedNow, Cancel)).Succeeded);
        Assert.DoesNotContain("pkcs8", after.Output + rotated.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_NamesEachKeyButNeverItsPrivatePart()
    {
        CliResult result = await _cli.RunAsync("signing-keys", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"kid\"", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pkcs8", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"d\"", result.Output, StringComparison.Ordinal);
    }
}
