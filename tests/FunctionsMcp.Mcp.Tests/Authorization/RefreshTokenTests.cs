using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Storage;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// <c>/token</c> with <c>refresh_token</c> (and what the code exchange shares with it), through real HTTP: a refused refresh
/// never uses the token up, a disabled user or suspended organization gets no tokens, and <c>offline_access</c> is listed
/// exactly when it was asked for.
/// </summary>
public sealed class RefreshTokenTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>Past <c>OAuth:RefreshReuseGrace</c>: a token that had been rotated would now count as reused.</summary>
    private static readonly TimeSpan s_pastGrace = TimeSpan.FromMinutes(2);

    private SignInServer _flow = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _flow = await SignInServer.StartAsync(azurite);

    public ValueTask DisposeAsync() => _flow.DisposeAsync();

    /// <summary>Registers a client, walks the flow as the coordinator allowing everything offered, and returns its code and verifier.</summary>
    private async Task<(string ClientId, string Code, string Verifier)> AuthorizeAsync(string scope)
    {
        string clientId = await _flow.Browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await _flow.Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, scope), _flow.Coordinator);
        return (clientId, QueryHelpers.ParseQuery(callback.Query)["code"].ToString(), verifier);
    }

    private Task<JsonNode> RedeemAsync(string clientId, string code, string verifier, HttpStatusCode expected = HttpStatusCode.OK) =>
        _flow.Browser.TokenAsync(new() { ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier }, expected);

    /// <summary>Authorizes and redeems the code: the client and its first tokens.</summary>
    private async Task<(string ClientId, JsonNode Tokens)> ConnectAsync(string scope = "participants:read participants:write")
    {
        (string clientId, string code, string verifier) = await AuthorizeAsync(scope);
        return (clientId, await RedeemAsync(clientId, code, verifier));
    }

    private Task<JsonNode> RefreshAsync(string clientId, JsonNode tokens, string? scope = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = Text(tokens, "refresh_token") };
        if (scope is not null)
            form["scope"] = scope;
        return _flow.Browser.TokenAsync(form, expected);
    }

    private async Task SetStandingAsync(string what, bool inactive)
    {
        IIdentityStore identities = _flow.Server.Services.GetRequiredService<IIdentityStore>();
        if (what == "user")
            await identities.SaveUserAsync((await identities.GetUserAsync(_flow.Tenant.OrganizationId, TestTenant.Coordinator, Cancel))! with { Disabled = inactive }, Cancel);
        else
            await identities.SaveOrganizationAsync((await identities.GetOrganizationAsync(_flow.Tenant.OrganizationId, Cancel))! with { Suspended = inactive }, Cancel);
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    [Fact]
    public async Task ARefreshRefusedForATooWideScope_LeavesTheTokenUsable()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync("participants:read");

        JsonNode refused = await RefreshAsync(clientId, tokens, "participants:read participants:write", HttpStatusCode.BadRequest);
        _flow.Time.Advance(s_pastGrace);
        JsonNode refreshed = await RefreshAsync(clientId, tokens);

        Assert.Equal("invalid_scope", Text(refused, "error"));
        Assert.Equal("participants:read", Text(refreshed, "scope"));
    }

    [Fact]
    public async Task ARefreshByAnotherClient_IsRefused_AndLeavesTheTokenUsableByItsOwn()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync();
        string other = await _flow.Browser.RegisterAsync(name: "Another client");

        JsonNode refused = await RefreshAsync(other, tokens, expected: HttpStatusCode.BadRequest);
        _flow.Time.Advance(s_pastGrace);
        JsonNode refreshed = await RefreshAsync(clientId, tokens);

        Assert.Equal(("invalid_grant", "the refresh token was issued to another client"), (Text(refused, "error"), Text(refused, "error_description")));
        Assert.StartsWith("fmrt_", Text(refreshed, "refresh_token"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user", "is disabled")]
    [InlineData("organization", "is suspended")]
    public async Task ARefreshForADisabledUserOrSuspendedOrganization_IsInvalidGrant_AndWorksAgainOnceRestored(string what, string why)
    {
        (string clientId, JsonNode tokens) = await ConnectAsync();

        await SetStandingAsync(what, inactive: true);
        JsonNode refused = await RefreshAsync(clientId, tokens, expected: HttpStatusCode.BadRequest);
        _flow.Time.Advance(s_pastGrace);
        await SetStandingAsync(what, inactive: false);
        JsonNode refreshed = await RefreshAsync(clientId, tokens);

        Assert.Equal("invalid_grant", Text(refused, "error"));
        Assert.Contains(why, Text(refused, "error_description"), StringComparison.Ordinal);
        Assert.Equal("participants:read participants:write", Text(refreshed, "scope"));
    }

    [Theory]
    [InlineData("user", "is disabled")]
    [InlineData("organization", "is suspended")]
    public async Task ACodeForADisabledUserOrSuspendedOrganization_IsInvalidGrant(string what, string why)
    {
        (string clientId, string code, string verifier) = await AuthorizeAsync("participants:read");

        await SetStandingAsync(what, inactive: true);
        JsonNode refused = await RedeemAsync(clientId, code, verifier, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_grant", Text(refused, "error"));
        Assert.Contains(why, Text(refused, "error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfflineAccess_AskedForAtAuthorize_IsListedAtTheExchangeAndAtEveryRefresh()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync("participants:read offline_access");

        JsonNode refreshed = await RefreshAsync(clientId, tokens);
        JsonNode again = await RefreshAsync(clientId, refreshed, "participants:read offline_access");
        JsonNode narrowed = await RefreshAsync(clientId, again, "participants:read");
        JsonNode afterNarrowing = await RefreshAsync(clientId, narrowed);

        Assert.Equal("participants:read offline_access", Text(tokens, "scope"));
        Assert.Equal("participants:read offline_access", Text(refreshed, "scope"));
        Assert.Equal("participants:read offline_access", Text(again, "scope"));
        Assert.Equal("participants:read", Text(narrowed, "scope"));
        Assert.Equal("participants:read offline_access", Text(afterNarrowing, "scope"));
    }

    [Fact]
    public async Task WithoutOfflineAccess_RefreshTokensAreStillIssued_ButScopeNeverListsIt()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync("participants:read");

        JsonNode refreshed = await RefreshAsync(clientId, tokens);
        JsonNode askedLate = await RefreshAsync(clientId, refreshed, "participants:read offline_access");

        Assert.Equal("participants:read", Text(tokens, "scope"));
        Assert.StartsWith("fmrt_", Text(tokens, "refresh_token"), StringComparison.Ordinal);
        Assert.Equal("participants:read", Text(refreshed, "scope"));
        Assert.Equal("participants:read", Text(askedLate, "scope"));
    }

    [Fact]
    public async Task ARefreshTokenStoredBeforeOfflineAccessWasRecorded_StillRefreshes()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync("participants:read offline_access");
        // Rewrite its row as earlier versions stored it: without the OfflineAccess column.
        TableClient table = await _flow.Server.Services.GetRequiredService<TableProvider>().GetAsync(TableNames.AuthorizationState, Cancel);
        TableEntity row = await table.GetEntityAsync<TableEntity>("rt_" + OpaqueSecret.Hash(Text(tokens, "refresh_token")), "s", cancellationToken: Cancel);
        Assert.True(row.Remove("OfflineAccess"));
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, Cancel);

        JsonNode refreshed = await RefreshAsync(clientId, tokens);

        Assert.Equal("participants:read", Text(refreshed, "scope"));
    }
}
