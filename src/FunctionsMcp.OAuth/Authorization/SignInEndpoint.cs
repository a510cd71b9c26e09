using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/signin</c>: who is giving access. With <see cref="SignInMode.Entra"/> the person is sent to Microsoft Entra ID and
/// comes back to <c>/signin/callback</c>. With <see cref="SignInMode.Development"/> (local runs only) it is a form of the
/// demo users; any existing, enabled user may be posted as <c>organization/user</c>. Signing in records the user on the
/// pending authorization (in its own browser) and moves on to consent; a sign-in for the settings pages instead starts a
/// settings session and returns to the page that was asked for (<see cref="SettingsSignIn"/>).
/// </summary>
internal static class SignInEndpoint
{
    public const string ConsentPath = "/consent";

    /// <summary>GET <c>/signin</c> shows the sign-in step; POST (development sign-in) signs a demo user in.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
            ? SignInAsync(context, context.Service<AuthorizationFlow>(), context.Service<IAuthorizationStateStore>(), context.Service<IIdentityStore>(),
                context.Service<IOptions<SignInOptions>>(), context.RequestAborted)
            : ShowAsync(context, context.Service<AuthorizationFlow>(), context.Service<IAuthorizationStateStore>(), context.Service<EntraSignIn>(),
                context.Service<IOptions<EntraOptions>>(), context.Service<IOptions<SignInOptions>>(), context.RequestAborted);

    /// <summary>GET <c>/signin/callback</c>: Microsoft Entra ID sends the person back here.</summary>
    public static Task<IResult> HandleEntraCallbackAsync(HttpContext context) =>
        EntraCallbackAsync(context, context.Service<AuthorizationFlow>(), context.Service<IAuthorizationStateStore>(), context.Service<EntraSignIn>(),
            context.Service<IOptions<SignInOptions>>(), context.RequestAborted);

    private static async Task<IResult> ShowAsync(
        HttpContext context, AuthorizationFlow flow, IAuthorizationStateStore state, EntraSignIn entra, IOptions<EntraOptions> entraOptions,
        IOptions<SignInOptions> options, CancellationToken cancellationToken)
    {
        string requestId = context.Request.Query["request"].ToString();
        (PendingAuthorization? request, string? problem) = await flow.FindAsync(context, requestId, cancellationToken);
        if (request is null)
            return Pages.Error(context, problem!);
        if (options.Value.Mode == SignInMode.Entra)
        {
            if (entraOptions.Value.Problem is { } missing)
                return Pages.Error(context, $"Sign-in with Microsoft Entra ID is not set up on this server ({missing}). Ask your administrator.", StatusCodes.Status503ServiceUnavailable);
            (string url, string verifier, string nonce) = entra.Start(requestId);
            if (!await state.UpdateRequestAsync(request with { Nonce = nonce, UpstreamVerifier = verifier }, cancellationToken))
                return Pages.Error(context, "This sign-in link has expired or was already used.");
            return Results.Redirect(url);
        }

        var users = new StringBuilder();
        foreach (User user in DemoIdentities.Users)
        {
            string org = DemoIdentities.Organizations.First(o => o.Id == user.OrganizationId).Name;
            bool first = users.Length == 0;
            users.Append(CultureInfo.InvariantCulture, $"""<p><label><input type="radio" name="user" value="{Pages.E(user.OrganizationId + "/" + user.Id)}"{(first ? " checked" : string.Empty)}> {Pages.E(user.DisplayName)}, {Pages.E(RoleNames.Describe(user.Role))} at {Pages.E(org)}</label></p>""");
        }

        return Pages.Html(context, "Sign in (development)", $"""
            <p class="warn">Development sign-in: this page stands in for Microsoft Entra ID on a local run. Choose who you are.</p>
            <form method="post" action="{AuthorizeEndpoint.SignInPath}">
            {Pages.Hidden("request", requestId)}
            {Pages.Hidden("csrf", BrowserBinding.CsrfToken(context, requestId)!)}
            <fieldset><legend>Demo users</legend>
            {users}
            </fieldset>
            <button type="submit" name="action" value="sign-in">Sign in</button>
            </form>
            """);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, AuthorizationFlow flow, IAuthorizationStateStore state, IIdentityStore identities, IOptions<SignInOptions> options, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
            return Pages.Error(context, "The sign-in form was not sent as a form.");
        IFormCollection form = await context.Request.ReadFormAsync(cancellationToken);
        string requestId = form["request"].ToString();
        (PendingAuthorization? request, string? problem) = await flow.FindAsync(context, requestId, cancellationToken);
        if (request is null)
            return Pages.Error(context, problem!);
        if (!BrowserBinding.CsrfMatches(context, requestId, form["csrf"]))
            return Pages.Error(context, "The sign-in form did not come from this server's page. Start again from your app.", StatusCodes.Status403Forbidden);
        if (options.Value.Mode != SignInMode.Development)
            return Pages.Error(context, "This server signs people in with Microsoft Entra ID, not this form.", StatusCodes.Status403Forbidden);

        string[] parts = form["user"].ToString().Split('/', 2);
        User? user = parts.Length == 2 ? await identities.GetUserAsync(parts[0], parts[1], cancellationToken) : null;
        Organization? organization = user is null ? null : await identities.GetOrganizationAsync(user.OrganizationId, cancellationToken);
        if (user is null || user.Disabled || organization is null || organization.Suspended)
            return Pages.Error(context, "That user does not exist, is disabled, or belongs to a suspended organization.", StatusCodes.Status403Forbidden);

        if (request.IsForSettings)
            return await SettingsSignIn.CompleteAsync(context, request, user, cancellationToken);
        if (!await state.UpdateRequestAsync(request with { OrganizationId = user.OrganizationId, UserId = user.Id }, cancellationToken))
            return Pages.Error(context, "This sign-in link has expired or was already used.");
        return Results.Redirect($"{ConsentPath}?request={Uri.EscapeDataString(requestId)}");
    }

    private static async Task<IResult> EntraCallbackAsync(
        HttpContext context, AuthorizationFlow flow, IAuthorizationStateStore state, EntraSignIn entra, IOptions<SignInOptions> options, CancellationToken cancellationToken)
    {
        if (options.Value.Mode != SignInMode.Entra)
            return Pages.Error(context, "This server does not sign people in with Microsoft Entra ID.", StatusCodes.Status404NotFound);
        IQueryCollection query = context.Request.Query;
        string requestId = query["state"].ToString();
        (PendingAuthorization? request, string? problem) = await flow.FindAsync(context, requestId, cancellationToken);
        if (request is null)
            return Pages.Error(context, problem!);
        if (query["error"].ToString() is { Length: > 0 } error)
            return Pages.Error(context, $"Microsoft Entra ID did not sign you in ({error}): {query["error_description"]}");
        if (request.UpstreamVerifier is not { } verifier || request.Nonce is not { } nonce || query["code"].ToString() is not { Length: > 0 } code)
            return Pages.Error(context, "This sign-in did not start here. Start again from your app.");

        (User? user, string? refused) = await entra.CompleteAsync(code, verifier, nonce, cancellationToken);
        if (user is null)
            return Pages.Error(context, refused!, StatusCodes.Status403Forbidden);
        if (request.IsForSettings)
            return await SettingsSignIn.CompleteAsync(context, request, user, cancellationToken);
        if (!await state.UpdateRequestAsync(request with { OrganizationId = user.OrganizationId, UserId = user.Id, Nonce = null, UpstreamVerifier = null }, cancellationToken))
            return Pages.Error(context, "This sign-in link has expired or was already used.");
        return Results.Redirect($"{ConsentPath}?request={Uri.EscapeDataString(requestId)}");
    }
}
