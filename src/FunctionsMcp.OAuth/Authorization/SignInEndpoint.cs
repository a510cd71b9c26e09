using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/signin</c>: who is giving access. With <see cref="SignInMode.Development"/> (local runs only) it is a form of the
/// demo users; any existing, enabled user may be posted as <c>organization/user</c>. Signing in records the user on the
/// pending authorization (in its own browser, with its CSRF token) and moves on to consent.
/// </summary>
internal static class SignInEndpoint
{
    public const string ConsentPath = "/consent";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuthorizeEndpoint.SignInPath, ShowAsync);
        app.MapPost(AuthorizeEndpoint.SignInPath, SignInAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext context, AuthorizationFlow flow, IOptions<SignInOptions> options, CancellationToken cancellationToken)
    {
        string requestId = context.Request.Query["request"].ToString();
        (PendingAuthorization? request, string? problem) = await flow.FindAsync(context, requestId, cancellationToken);
        if (request is null)
            return Pages.Error(context, problem!);
        if (options.Value.Mode != SignInMode.Development)
            return Pages.Error(context, "Sign-in with Microsoft Entra ID is not set up on this server yet. Ask your administrator.", StatusCodes.Status503ServiceUnavailable);

        var users = new StringBuilder();
        foreach (User user in DemoIdentities.Users)
        {
            string org = DemoIdentities.Organizations.First(o => o.Id == user.OrganizationId).Name;
            bool first = users.Length == 0;
            users.Append(CultureInfo.InvariantCulture, $"""<p><label><input type="radio" name="user" value="{Pages.E(user.OrganizationId + "/" + user.Id)}"{(first ? " checked" : string.Empty)}> {Pages.E(user.DisplayName)}, {Pages.E(user.Role.ToString())} at {Pages.E(org)}</label></p>""");
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
            return Pages.Error(context, "Sign-in with Microsoft Entra ID is not set up on this server yet. Ask your administrator.", StatusCodes.Status503ServiceUnavailable);

        string[] parts = form["user"].ToString().Split('/', 2);
        User? user = parts.Length == 2 ? await identities.GetUserAsync(parts[0], parts[1], cancellationToken) : null;
        Organization? organization = user is null ? null : await identities.GetOrganizationAsync(user.OrganizationId, cancellationToken);
        if (user is null || user.Disabled || organization is null || organization.Suspended)
            return Pages.Error(context, "That user does not exist, is disabled, or belongs to a suspended organization.", StatusCodes.Status403Forbidden);

        if (!await state.UpdateRequestAsync(request with { OrganizationId = user.OrganizationId, UserId = user.Id }, cancellationToken))
            return Pages.Error(context, "This sign-in link has expired or was already used.");
        return Results.Redirect($"{ConsentPath}?request={Uri.EscapeDataString(requestId)}");
    }
}
