using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The official TypeScript SDK v1 client doing the whole OAuth flow on its own (tests/clients/oauth-client.mjs):
/// discovery from the 401, dynamic registration, PKCE, the sign-in and consent pages walked as a browser would,
/// the code exchange, tools, a refresh, and a second authorization of the same client.
/// </summary>
public sealed class TypeScriptSdkOAuthTests(AzuriteFixture azurite) : OAuthClientTest(azurite)
{
    /// <summary>Runs the client; returns its steps by name (a step printed twice, like authorize, keeps both).</summary>
    private async Task<ILookup<string, JsonNode>> RunClientAsync(string walkerFields)
    {
        string node = await NodeTool.Node22Async();
        (int exitCode, string output, string errors) = await NodeTool.RunAsync(
            node, [Path.Combine("tests", "clients", "oauth-client.mjs"), Server.McpUrl], BrowserEnvironment(walkerFields), TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToLookup(l => l["step"]!.GetValue<string>());
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(s => s!.GetValue<string>())];

    [Fact]
    public async Task SdkClient_DoesTheWholeFlow_AndGetsToolsForWhatThePersonAllowed()
    {
        ILookup<string, JsonNode> steps = await RunClientAsync($"user={Organization}/{User}&scope={Scopes.ParticipantsRead}&scope={Scopes.GoalsRead}");

        string clientId = steps["registration"].Single()["clientId"]!.GetValue<string>();
        JsonNode challenge = steps["unauthorized"].Single();
        Assert.Contains($"resource_metadata=\"{Server.BaseUrl}/.well-known/oauth-protected-resource/mcp\"", challenge["wwwAuthenticate"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([Server.BaseUrl], Strings(steps["resource-metadata"].Single()["authorizationServers"]));
        Assert.Equal(Server.BaseUrl, steps["authorization-server-metadata"].Single()["issuer"]!.GetValue<string>());
        JsonNode authorize = steps["authorize"].First();
        Assert.Equal(("S256", Server.McpUrl, clientId), (authorize["codeChallengeMethod"]!.GetValue<string>(), authorize["resource"]!.GetValue<string>(), authorize["clientId"]!.GetValue<string>()));

        // The redirect back carried code, state and iss (RFC 9207), iss being exactly the issuer.
        JsonNode callback = steps["callback"].First();
        Assert.Equal(["code", "state", "iss"], Strings(callback["params"]));
        Assert.Equal(Server.BaseUrl, callback["iss"]!.GetValue<string>());
        Assert.True(callback["consentPage"]!.GetValue<bool>());

        // Only what was ticked on the consent page: the token, the tools and whoami all say so.
        string[] allowed = [Scopes.ParticipantsRead, Scopes.GoalsRead];
        Assert.Equal(string.Join(' ', allowed), steps["token"].First()["scope"]!.GetValue<string>());
        List<string> tools = Strings(steps["tools"].Single()["tools"]);
        Assert.Equal(await ToolsForScopesAsync(allowed), tools.Order(StringComparer.Ordinal));
        Assert.Contains("list_participants", tools);
        Assert.DoesNotContain("create_participant", tools);
        JsonNode who = steps["call"].Single()["result"]!["structuredContent"]!;
        Assert.Equal((Organization, User, "oauth_token"),
            (who["organization_id"]!.GetValue<string>(), who["user_id"]!.GetValue<string>(), who["credential"]!.GetValue<string>()));
        Assert.Equal(allowed, Strings(who["scopes"]));

        // The refresh through auth() rotated both tokens, and the new access token works.
        JsonNode refresh = steps["refresh"].Single();
        Assert.Equal("AUTHORIZED", refresh["result"]!.GetValue<string>());
        Assert.True(refresh["accessTokenRotated"]!.GetValue<bool>());
        Assert.True(refresh["refreshTokenRotated"]!.GetValue<bool>());
        Assert.Equal(tools.Count, steps["after-refresh"].Single()["tools"]!.GetValue<int>());

        // The client asks for every scope again, more than was allowed, so the consent page comes back.
        Assert.True(steps["reauthorize"].Single()["consentPage"]!.GetValue<bool>());
        Consent consent = (await ConsentAsync(clientId))!;
        Assert.Equal(allowed, consent.Scopes);
        Assert.Equal(["http://127.0.0.1:53682/callback"], consent.RedirectUris);
        List<Grant> grants = await GrantsAsync(clientId);
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.True(g.IsActive && g.Scopes.SequenceEqual(allowed)));
    }

    [Fact]
    public async Task SdkClient_AuthorizingAgainWithinWhatWasAllowed_SkipsTheConsentPage()
    {
        ILookup<string, JsonNode> steps = await RunClientAsync($"user={Organization}/{User}");

        string clientId = steps["registration"].Single()["clientId"]!.GetValue<string>();
        Assert.Equal([true, false], steps["callback"].Select(c => c["consentPage"]!.GetValue<bool>()));
        Assert.Equal(2, steps["token"].Count());
        // Everything a coordinator may have: the role's ceiling of what the client asked for (all scopes).
        IReadOnlyList<string> coordinator = RoleCeilings.Apply(Role.Coordinator, Scopes.All);
        Assert.Equal(coordinator, Strings(steps["reauthorize"].Single()["whoami"]!["scopes"]));
        Assert.Equal(coordinator, (await ConsentAsync(clientId))!.Scopes);
    }
}
