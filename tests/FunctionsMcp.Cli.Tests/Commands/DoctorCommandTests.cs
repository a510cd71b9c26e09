using System.Text.Json.Nodes;
using FunctionsMcp.Cli.Tests.Doctor;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Cli.Tests.Commands;

/// <summary>
/// <c>doctor</c> against the real app on a loopback port: healthy, then with each fault an admin meets made on purpose
/// (a wrong <c>Server:BaseUrl</c>, a gateway that drops the metadata, a revoked key or connection, a skewed clock).
/// </summary>
public sealed class DoctorCommandTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization("doc");
    private readonly List<IAsyncDisposable> _started = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // doctor compares its clock with the server's Date header, which Kestrel takes from the real clock.
        _cli.Time.Advance(DateTimeOffset.UtcNow - _cli.Time.GetUtcNow());
        await _cli.SeedOrganizationAsync(new Organization(_org, "Doctor Org"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable started in Enumerable.Reverse(_started))
            await started.DisposeAsync();
        await _cli.DisposeAsync();
    }

    private async Task<AuthorizationServer> StartAppAsync(string? publicBaseUrl = null)
    {
        AuthorizationServer app = await AuthorizationServer.StartAsync(azurite, _cli.Time, publicBaseUrl);
        _started.Add(app);
        return app;
    }

    /// <summary>A key made by <c>keys create</c>, as an admin makes one: its id and its secret.</summary>
    private async Task<(string Id, string Secret)> CreateKeyAsync()
    {
        CliResult created = await _cli.RunAsync("keys", "create", "--org", _org, "--user", "coordinator", "--name", "doctor");
        Assert.True(created.ExitCode == 0, created.Error);
        string id = created.OutputLines[0].Split(' ')[3];
        return (id, Assert.Single(CliHarness.TokensIn(created.Output).Distinct()));
    }

    [Fact]
    public async Task Doctor_HealthyAppWithAKeyFromKeysCreate_PassesEveryStepInOrderAndExits0()
    {
        AuthorizationServer app = await StartAppAsync();
        (_, string key) = await CreateKeyAsync();

        CliResult result = await _cli.RunAsync("doctor", app.McpUrl, "--key", key);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Empty(result.Error);
        Assert.Equal($"Checking {app.McpUrl} as an MCP client would (each request may take up to 10 s).", result.OutputLines[0]);
        Assert.Equal(DoctorOutput.HealthyTitles, result.Steps().Select(l => l[2..l.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.All(result.Steps(), l => Assert.StartsWith("✓ ", l, StringComparison.Ordinal));
        result.AssertStep("✓", "POST /mcp without a credential", $"401 with WWW-Authenticate: Bearer resource_metadata=\"{app.BaseUrl}/.well-known/oauth-protected-resource/mcp\"");
        result.AssertStep("✓", "Resource metadata at /.well-known/oauth-protected-resource", $"resource {app.McpUrl}, authorization server {app.BaseUrl}");
        result.AssertStep("✓", "Public base URL", $"the server names {app.BaseUrl}, the address reached");
        result.AssertStep("✓", "Authorization server metadata", $"/.well-known/oauth-authorization-server: issuer {app.BaseUrl}, PKCE S256, dynamic registration and client metadata documents");
        result.AssertStep("✓", "Authorization server endpoints", "authorize 400, token 401, register 400 (each answered; an empty request is refused)");
        result.AssertStep("✓", "initialize (2025-06-18)", "FunctionsMcp");
        result.AssertStep("✓", "tools/call whoami (2025-06-18)", $"acts for coordinator (coordinator) in {_org} with 11 scopes");
        result.AssertStep("✓", "server/discover (2026-07-28)", "FunctionsMcp");
        result.AssertStep("✓", "tools/call whoami (2026-07-28)", $"acts for coordinator (coordinator) in {_org} with 11 scopes");
        Assert.Matches(@"^All \d+ required steps passed\.$", result.OutputLines.Last(l => l.Length > 0));
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Json_PrintsOneObjectPerStepAndSkipsTheMcpCallsWithoutACredential()
    {
        AuthorizationServer app = await StartAppAsync();

        CliResult result = await _cli.RunAsync("doctor", app.McpUrl, "--json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        JsonObject[] steps = JsonNode.Parse(result.Output)!.AsArray().Select(s => s!.AsObject()).ToArray();
        Assert.Equal(
            ["dns", "reach", "challenge", "resource-metadata", "resource-metadata-root", "base-url", "authorization-server-metadata",
                "authorization-endpoints", "jwks", "mcp-calls", "clock"],
            steps.Select(s => s["name"]!.GetValue<string>()));
        Assert.All(steps, s =>
        {
            Assert.Equal(["name", "title", "ok", "required", "skipped", "seen", "fix", "ms"], s.Select(p => p.Key));
            Assert.False(string.IsNullOrWhiteSpace(s["seen"]!.GetValue<string>()));
            Assert.True(s["ms"]!.GetValue<long>() >= 0);
            Assert.Null(s["fix"]);
        });
        JsonObject calls = steps.Single(s => s["name"]!.GetValue<string>() == "mcp-calls");
        Assert.Equal((false, false, true), (calls["ok"]!.GetValue<bool>(), calls["required"]!.GetValue<bool>(), calls["skipped"]!.GetValue<bool>()));
        Assert.All(steps.Where(s => s != calls), s => Assert.True(s["ok"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Doctor_AppWhoseBaseUrlIsNotTheAddressReached_NamesServerBaseUrlAndTheAddressInTheFix()
    {
        // The most common fault: Server__BaseUrl left at a local address (here one where nothing listens).
        string wrong = $"http://localhost:{AzuriteProcess.FreePort()}";
        AuthorizationServer app = await StartAppAsync(publicBaseUrl: wrong);
        (_, string key) = await CreateKeyAsync();

        CliResult result = await _cli.RunAsync("doctor", app.McpUrl, "--key", key);

        Assert.Equal(1, result.ExitCode);
        string fix = $"Set Server__BaseUrl to {app.BaseUrl} (the address clients reach) and restart the app; or, if {wrong} is the right address, give clients {wrong}/mcp.";
        result.AssertStep("✗", "Public base URL", 
            $"the server names {wrong} (the 401's resource_metadata, the metadata's resource, its authorization server) but was reached at {app.BaseUrl}");
        Assert.EndsWith($"but was reached at {app.BaseUrl}", result.Step("Public base URL"), StringComparison.Ordinal);
        Assert.Equal(fix, result.Fix("Public base URL"));
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource/mcp", $"resource is \"{wrong}/mcp\", not \"{app.McpUrl}\", the URL checked");
        Assert.Equal(fix, result.Fix("Resource metadata at /.well-known/oauth-protected-resource/mcp"));
        result.AssertStep("✗", "Authorization server metadata", $"nothing answered at {wrong} (connection refused)");
        Assert.Equal(fix, result.Fix("Authorization server metadata"));
        result.AssertStep("✓", "POST /mcp without a credential", "401");
        result.AssertStep("✓", "tools/call whoami (2026-07-28)", "acts for coordinator");
    }

    [Fact]
    public async Task Doctor_GatewayThatDropsTheWellKnownPaths_Fails404OnTheMetadataAndSaysToLetThemThrough()
    {
        int gatewayPort = AzuriteProcess.FreePort();
        string gateway = $"http://127.0.0.1:{gatewayPort}";
        AuthorizationServer app = await StartAppAsync(publicBaseUrl: gateway);
        LoopbackSite proxy = await LoopbackSite.ProxyAsync(gatewayPort, app.BaseUrl, path => path.StartsWithSegments("/.well-known"));
        _started.Add(proxy);
        (_, string key) = await CreateKeyAsync();

        CliResult result = await _cli.RunAsync("doctor", gateway + "/mcp", "--key", key);

        Assert.Equal(1, result.ExitCode);
        result.AssertStep("✓", "POST /mcp without a credential", $"401 with WWW-Authenticate: Bearer resource_metadata=\"{gateway}/.well-known/oauth-protected-resource/mcp\"");
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/mcp answered 404");
        Assert.Equal(
            "Let /.well-known/oauth-protected-resource/mcp through to the app (FunctionsMcp serves it): a proxy or gateway route in front of the app must pass /.well-known/* on.",
            result.Fix("Resource metadata at /.well-known/oauth-protected-resource/mcp"));
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource answered 404");
        result.AssertStep("✗", "Authorization server metadata", "/.well-known/oauth-authorization-server answered 404; /.well-known/openid-configuration answered 404");
        result.AssertStep("–", "Authorization server endpoints", "skipped");
        result.AssertStep("–", "JWKS", "skipped");
        result.AssertStep("✓", "tools/call whoami (2025-06-18)", "acts for coordinator");
        Assert.EndsWith(": resource-metadata, resource-metadata-root, authorization-server-metadata.", result.OutputLines.Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_KeyRevokedWithKeysRevoke_FailsTheMcpCallsWith401AndSaysToMakeANewKey()
    {
        AuthorizationServer app = await StartAppAsync();
        (string id, string key) = await CreateKeyAsync();
        Assert.Equal(0, (await _cli.RunAsync("keys", "revoke", "--org", _org, id)).ExitCode);

        CliResult result = await _cli.RunAsync("doctor", app.McpUrl, "--key", key);

        Assert.Equal(1, result.ExitCode);
        result.AssertStep("✓", "POST /mcp without a credential", "401");
        result.AssertStep("✗", "initialize (2025-06-18)", "initialize answered 401: The access key has been revoked.");
        Assert.Equal(
            "Create a new key ('keys create', or Settings → AI & MCP) and run doctor with it; 'keys list' shows whether this one is revoked or expired.",
            result.Fix("initialize (2025-06-18)"));
        result.AssertStep("–", "tools/list (2025-06-18)", "skipped: initialize failed");
        result.AssertStep("✗", "server/discover (2026-07-28)", "server/discover answered 401: The access key has been revoked.");
        result.AssertStep("–", "tools/call (2026-07-28)", "skipped: server/discover failed");
        Assert.EndsWith("failed and 4 could not run: initialize-2025-06-18, server-discover-2026-07-28.", result.OutputLines.Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_OAuthToken_PassesAndAfterGrantsRevokeSays401WithTheSignInFix()
    {
        AuthorizationServer app = await StartAppAsync();
        (Grant grant, _) = await _cli.ConnectAsync(_org, "coordinator", "client-doctor", Scopes.All.ToArray());
        // Issued by the app itself, so it carries the app's signing key and audience, as /token would.
        IssuedAccessToken token = await app.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel);

        CliResult healthy = await _cli.RunAsync("doctor", app.McpUrl, "--token", token.Token);
        Assert.Equal(0, (await _cli.RunAsync("grants", "revoke", "--org", _org, grant.Id)).ExitCode);
        CliResult revoked = await _cli.RunAsync("doctor", app.McpUrl, "--token", token.Token);

        Assert.True(healthy.ExitCode == 0, healthy.Output);
        healthy.AssertStep("✓", "tools/call whoami (2025-06-18)", "acts for coordinator");
        Assert.Equal(1, revoked.ExitCode);
        revoked.AssertStep("✗", "initialize (2025-06-18)", "initialize answered 401: The access token's connection has been revoked: sign in again.");
        Assert.StartsWith("Get a new access token by signing in again from the client", revoked.Fix("initialize (2025-06-18)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ClockFiveMinutesOff_WarnsWithoutFailing()
    {
        AuthorizationServer app = await StartAppAsync();
        _cli.Time.Advance(TimeSpan.FromMinutes(5));

        CliResult result = await _cli.RunAsync("doctor", app.McpUrl);

        Assert.True(result.ExitCode == 0, result.Output);
        result.AssertStep("!", "Clock", "the server's Date (");
        Assert.Matches(@"is (299|300|301) s behind this machine's clock", result.Step("Clock"));
        Assert.StartsWith("Set this machine's clock from network time", result.Fix("Clock"), StringComparison.Ordinal);
        Assert.Matches(@"^All \d+ required steps passed \(1 warning\)\.$", result.OutputLines.Last(l => l.Length > 0));
    }
}
