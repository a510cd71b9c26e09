using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Tests;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines written to stderr.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The lines written to stdout.</summary>
    public string[] OutputLines => Output.ReplaceLineEndings("\n").Split('\n');
}

/// <summary>
/// Runs the CLI in-process with given settings and a hand-moved clock, and gives the tests the same stores the CLI
/// uses (against the assembly's Azurite) to seed data and to check what a command did.
/// </summary>
public sealed partial class CliHarness : IAsyncDisposable
{
    public const string BaseUrl = "https://mcp.example.org";

    private readonly ServiceProvider _services;
    private readonly SigningKeys _signingKeys;

    public CliHarness(AzuriteFixture azurite)
        : this(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Server:BaseUrl"] = BaseUrl,
        })
    {
    }

    public CliHarness(IReadOnlyDictionary<string, string?> settings)
    {
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        // Seeding and checks always use the fixture's storage when there is one, whatever the CLI is given.
        _services = CliServices.Build(CliSettings.Resolve(Configuration, null, null).Configuration, Time);
        // The CLI never signs tokens, so it has no key file; the tests sign and check them as the app does, with keys in memory.
        _signingKeys = new SigningKeys(new MemorySigningKeyStore(), Options.Create(new OAuthOptions()), Time);
        Tokens = new AccessTokenService(
            _signingKeys, Grants, Identities, _services.GetRequiredService<IdentityCache>(), Options.Create(new ServerOptions { BaseUrl = BaseUrl }), Options.Create(new OAuthOptions()), Time);
    }

    public IConfiguration Configuration { get; }

    public ManualTimeProvider Time { get; } = new();

    public IIdentityStore Identities => _services.GetRequiredService<IIdentityStore>();

    public IAccessKeyStore KeyStore => _services.GetRequiredService<IAccessKeyStore>();

    public AccessKeyService Keys => _services.GetRequiredService<AccessKeyService>();

    public IAuditStore Audit => _services.GetRequiredService<IAuditStore>();

    public IGrantStore Grants => _services.GetRequiredService<IGrantStore>();

    public IClientStore Clients => _services.GetRequiredService<IClientStore>();

    /// <summary>Issues and checks OAuth access tokens against the same grants, users and organizations the CLI changes.</summary>
    public AccessTokenService Tokens { get; }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>An organization id no other test uses.</summary>
    public static string UniqueOrganization(string prefix = "cli") => prefix + Guid.NewGuid().ToString("N")[..10];

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = await CliApp.RunAsync(args, Configuration, output, error, Time, Cancel);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>An organization with a user of each role and a disabled coordinator.</summary>
    public async Task SeedOrganizationAsync(Organization organization)
    {
        await Identities.SaveOrganizationAsync(organization, Cancel);
        string id = organization.Id;
        await Identities.SaveUserAsync(new User(id, "admin", "Ada Admin", $"ada@{id}.example", Role.Admin), Cancel);
        await Identities.SaveUserAsync(new User(id, "coordinator", "Cory Coordinator", $"cory@{id}.example", Role.Coordinator), Cancel);
        await Identities.SaveUserAsync(new User(id, "worker", "Wren Worker", $"wren@{id}.example", Role.SupportWorker), Cancel);
        await Identities.SaveUserAsync(new User(id, "disabled", "Dee Disabled", $"dee@{id}.example", Role.Coordinator, Disabled: true), Cancel);
    }

    /// <summary>A grant of <paramref name="clientId"/> to <paramref name="userId"/>, made now, with an access token issued for it.</summary>
    public async Task<(Grant Grant, string AccessToken)> ConnectAsync(string organizationId, string userId, string clientId, params string[] scopes)
    {
        var grant = new Grant($"{Grant.IdPrefix}_{Guid.NewGuid():N}"[..23], organizationId, userId, clientId,
            scopes.Length > 0 ? scopes : [Scopes.ParticipantsRead, Scopes.GoalsRead], Time.GetUtcNow());
        await Grants.AddAsync(grant, Cancel);
        IssuedAccessToken issued = await Tokens.IssueAsync(grant, grant.Scopes, Cancel);
        return (grant, issued.Token);
    }

    /// <summary>The access keys in <paramref name="text"/>.</summary>
    public static string[] TokensIn(string text) => KeyPattern().Matches(text).Select(m => m.Value).ToArray();

    public async ValueTask DisposeAsync()
    {
        _signingKeys.Dispose();
        await _services.DisposeAsync();
    }

    [GeneratedRegex("fmcp_[a-z2-7]{20}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}

/// <summary>A signing key set kept in memory: tests sign tokens without a key file to clean up.</summary>
internal sealed class MemorySigningKeyStore : ISigningKeyStore
{
    private string? _keySet;

    public Task<string?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(_keySet);

    public Task WriteAsync(string keySet, CancellationToken cancellationToken)
    {
        _keySet = keySet;
        return Task.CompletedTask;
    }
}
