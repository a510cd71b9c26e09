using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Cli.Tests.Lifecycle;

/// <summary>
/// An organization seeded with a user of each role, the app's endpoints on loopback over the same Azurite and clock as
/// the CLI, and the steps each lifecycle test repeats: make a credential work at <c>/mcp</c>, run the CLI, ask again.
/// </summary>
public abstract class LifecycleTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected CliHarness Cli { get; } = new(azurite);

    protected string Org { get; } = CliHarness.UniqueOrganization();

    protected AuthorizationServer Server { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The organization the test uses; override to give it an Entra tenant or limits.</summary>
    protected virtual Organization Organization => new(Org, "Lifecycle Org");

    public async ValueTask InitializeAsync()
    {
        await Cli.SeedOrganizationAsync(Organization);
        Server = await AuthorizationServer.StartAsync(azurite, Cli.Time);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Cli.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A new access key of <paramref name="user"/> with the given scopes (default: all the role allows).</summary>
    protected async Task<string> KeyAsync(string user, params string[] scopes)
    {
        User owner = (await Cli.Identities.GetUserAsync(Org, user, Cancel))!;
        (CreatedAccessKey? created, string? error) = await Cli.Keys.CreateAsync(
            Org, user, "lifecycle", scopes.Length > 0 ? scopes : RoleCeilings.For(owner.Role), expiresAt: null, Cancel);
        Assert.True(created is not null, error);
        return created.Token;
    }

    /// <summary>
    /// An OAuth access token of <paramref name="user"/>, signed by the app for a connection to a client, as the token
    /// endpoint issues it after the user allowed the client.
    /// </summary>
    protected async Task<string> AccessTokenAsync(string user)
    {
        User owner = (await Cli.Identities.GetUserAsync(Org, user, Cancel))!;
        var grant = new Grant($"{Grant.IdPrefix}_{Guid.NewGuid():N}"[..23], Org, user, "https://client.example/app", RoleCeilings.For(owner.Role), Cli.Time.GetUtcNow());
        await Cli.Grants.AddAsync(grant, Cancel);
        IssuedAccessToken issued = await Server.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel);
        return issued.Token;
    }

    /// <summary>The status <c>tools/list</c> answers <paramref name="bearer"/> with, and the body's error message if any.</summary>
    protected async Task<(HttpStatusCode Status, string? Message)> ListToolsAsync(string bearer)
    {
        using HttpResponseMessage response = await Server.PostMcpAsync(bearer, "tools/list");
        JsonNode body = await AuthorizationServer.BodyAsync(response);
        return (response.StatusCode, body["error"]?["message"]?.GetValue<string>());
    }

    /// <summary>
    /// Moves the clock the app shares past its identity cache's bound (<c>IdentityCache:Seconds</c>, at its default), after
    /// which a change the CLI made to a user or an organization applies at <c>/mcp</c> on every instance.
    /// </summary>
    protected void PassIdentityCacheBound() => Cli.Time.Advance(TimeSpan.FromSeconds(new IdentityCacheOptions().Seconds));

    /// <summary>Runs the CLI and asserts it succeeded.</summary>
    protected async Task<CliResult> SucceedsAsync(params string[] args)
    {
        CliResult result = await Cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Empty(result.Error);
        return result;
    }
}
