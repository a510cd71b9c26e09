using System.Buffers;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/authorize</c>: checks the client and its exact redirect URI first; until both are trusted, problems are shown on a
/// page and never redirected. Then it requires <c>response_type=code</c>, PKCE with S256, and a <c>resource</c> (if
/// given) naming our <c>/mcp</c>; unknown scopes are ignored and no known scope means all of them (narrowed later by the
/// user's role and choice); <c>offline_access</c> is remembered, for <c>/token</c> to list in <c>scope</c>. The request
/// is stored, bound to this browser, and the person is sent to sign in.
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string SignInPath = "/signin";
    private const int MaxStateLength = 2000;
    private static readonly SearchValues<char> s_base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>GET <c>/authorize</c>.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        AuthorizeAsync(context, context.Service<ClientRegistry>(), context.Service<AuthorizationFlow>(), context.Service<IAuthorizationStateStore>(),
            context.Service<IOptions<ServerOptions>>(), context.Service<TimeProvider>(), context.RequestAborted);

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context, ClientRegistry clients, AuthorizationFlow flow, IAuthorizationStateStore state,
        IOptions<ServerOptions> server, TimeProvider time, CancellationToken cancellationToken)
    {
        IQueryCollection query = context.Request.Query;
        if (query.Keys.Any(k => query[k].Count > 1 && k != "resource"))
            return Pages.Error(context, "The sign-in request repeats a parameter.");

        ClientLookup lookup = await clients.FindAsync(query["client_id"], cancellationToken);
        if (lookup.Client is not { } client)
            return Pages.Error(context, $"The app asking for access is not known here: {lookup.Error}.");

        string? redirectUri = query["redirect_uri"].ToString() is { Length: > 0 } given ? given : client.RedirectUris.Count == 1 ? client.RedirectUris[0] : null;
        if (redirectUri is null)
            return Pages.Error(context, "The app did not say where to return to (redirect_uri).");
        if (!RedirectUriPolicy.Matches(redirectUri, client.RedirectUris))
            return Pages.Error(context, $"The app asked to return to an address it has not registered ({BoundedText.Cut(redirectUri, 101)}).");

        // From here on the redirect URI is trusted: problems go back to the app.
        string? stateValue = query["state"].ToString() is { Length: > 0 } s ? s : null;
        IResult Refuse(string error, string description) => Results.Redirect(flow.Redirect(redirectUri, stateValue, ("error", error), ("error_description", description)));

        if (stateValue?.Length > MaxStateLength)
            return Refuse("invalid_request", $"state is longer than {MaxStateLength} characters");
        if (query["response_type"] != "code")
            return Refuse("unsupported_response_type", "only response_type=code is supported");
        string challenge = query["code_challenge"].ToString();
        if (challenge.Length == 0)
            return Refuse("invalid_request", "code_challenge is required: use PKCE with code_challenge_method=S256");
        if (query["code_challenge_method"] != "S256")
            return Refuse("invalid_request", "code_challenge_method must be S256 (plain is not accepted)");
        if (challenge.Length is < 43 or > 128 || challenge.AsSpan().IndexOfAnyExcept(s_base64Url) >= 0)
            return Refuse("invalid_request", "code_challenge must be the base64url SHA-256 of the code verifier (43 characters)");
        if (query["resource"].Any(r => !ResourceIndicator.IsOurs(r, server.Value)))
            return Refuse("invalid_target", $"resource must be this server's MCP endpoint, {server.Value.McpResource}");
        if (query["prompt"] == "none")
            return Refuse("login_required", "this server always asks the person to sign in");

        IReadOnlyList<string> scopes = Scopes.Parse(query["scope"]);
        bool offlineAccess = query["scope"].ToString().Split(' ').Contains(AuthorizationServerMetadata.OfflineAccess, StringComparer.Ordinal);
        (string id, string idHash) = OpaqueSecret.Generate("fmar_");
        await state.AddRequestAsync(new PendingAuthorization(idHash, client.Id, redirectUri, stateValue, challenge,
            scopes.Count > 0 ? scopes : Scopes.All, BrowserBinding.Ensure(context), time.GetUtcNow() + AuthorizationFlow.RequestLifetime,
            OfflineAccess: offlineAccess), cancellationToken);
        return Results.Redirect($"{SignInPath}?request={Uri.EscapeDataString(id)}");
    }
}
