using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/consent</c>: names the app (and where it sends the person back, flagged when new), the signed-in user, and the
/// access asked for as read/write choices per data type, limited to what the user's role allows; the person can narrow
/// it. Allow and Deny are form posts with the CSRF token, from the browser that started the flow. A request within what
/// the user already allowed this app, to a redirect URI it used before, skips the page.
/// </summary>
internal static class ConsentEndpoint
{
    /// <summary>GET <c>/consent</c> shows the page; POST records Allow or Deny.</summary>
    public static Task<IResult> HandleAsync(HttpContext context)
    {
        (AuthorizationFlow flow, ClientRegistry clients, IIdentityStore identities, IAuthorizationStateStore state) =
            (context.Service<AuthorizationFlow>(), context.Service<ClientRegistry>(), context.Service<IIdentityStore>(), context.Service<IAuthorizationStateStore>());
        return HttpMethods.IsPost(context.Request.Method)
            ? DecideAsync(context, flow, clients, identities, state, context.RequestAborted)
            : ShowAsync(context, flow, clients, identities, state, context.RequestAborted);
    }

    private sealed record Context(PendingAuthorization Request, OAuthClient Client, User User, Organization Organization, IReadOnlyList<string> Offered, Consent? Previous);

    private static async Task<IResult> ShowAsync(
        HttpContext http, AuthorizationFlow flow, ClientRegistry clients, IIdentityStore identities, IAuthorizationStateStore state, CancellationToken cancellationToken)
    {
        string requestId = http.Request.Query["request"].ToString();
        (Context? context, IResult? problem) = await LoadAsync(http, requestId, flow, clients, identities, state, cancellationToken);
        if (context is null)
            return problem!;

        // Already allowed: the same app, the same return address, nothing new asked for.
        if (context.Previous is { } previous && context.Offered.All(previous.Scopes.Contains) && previous.RedirectUris.Contains(context.Request.RedirectUri))
        {
            string? redirect = await flow.CompleteAsync(context.Request, context.Client, context.Offered, previous, cancellationToken);
            return redirect is null ? Pages.Error(http, "This sign-in link has expired or was already used.") : Results.Redirect(redirect);
        }

        return Page(http, requestId, context, error: null);
    }

    private static async Task<IResult> DecideAsync(
        HttpContext http, AuthorizationFlow flow, ClientRegistry clients, IIdentityStore identities, IAuthorizationStateStore state, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
            return Pages.Error(http, "The consent form was not sent as a form.");
        IFormCollection form = await http.Request.ReadFormAsync(cancellationToken);
        string requestId = form["request"].ToString();
        (Context? context, IResult? problem) = await LoadAsync(http, requestId, flow, clients, identities, state, cancellationToken);
        if (context is null)
            return problem!;
        if (!BrowserBinding.CsrfMatches(http, requestId, form["csrf"]))
            return Pages.Error(http, "The consent form did not come from this server's page. Start again from your app.", StatusCodes.Status403Forbidden);

        string decision = form["decision"].ToString();
        if (decision == "deny")
            return Results.Redirect(await flow.RefuseAsync(context.Request, "access_denied", "the person did not allow access", cancellationToken));
        if (decision != "allow")
            return Page(http, requestId, context, "Choose Allow or Deny.");

        IReadOnlyList<string> chosen = Scopes.Normalize(form["scope"].Where(s => s is not null && context.Offered.Contains(s)).Select(s => s!));
        if (chosen.Count == 0)
            return Page(http, requestId, context, "Choose at least one kind of access, or Deny.");
        string? redirect = await flow.CompleteAsync(context.Request, context.Client, chosen, context.Previous, cancellationToken);
        return redirect is null ? Pages.Error(http, "This sign-in link has expired or was already used.") : Results.Redirect(redirect);
    }

    private static async Task<(Context?, IResult?)> LoadAsync(
        HttpContext http, string requestId, AuthorizationFlow flow, ClientRegistry clients, IIdentityStore identities, IAuthorizationStateStore state, CancellationToken cancellationToken)
    {
        (PendingAuthorization? request, string? problem) = await flow.FindAsync(http, requestId, cancellationToken);
        if (request is null)
            return (null, Pages.Error(http, problem!));
        if (request.IsForSettings)
            return (null, Pages.Error(http, "This sign-in is for the settings pages, not for an app."));
        if (!request.IsSignedIn)
            return (null, Pages.Error(http, "Sign in first: start again from your app."));

        ClientLookup lookup = await clients.FindAsync(request.ClientId, cancellationToken);
        User? user = await identities.GetUserAsync(request.OrganizationId!, request.UserId!, cancellationToken);
        Organization? organization = await identities.GetOrganizationAsync(request.OrganizationId!, cancellationToken);
        if (lookup.Client is not { } client)
            return (null, Pages.Error(http, $"The app asking for access is not known here: {lookup.Error}."));
        if (user is null || user.Disabled || organization is null || organization.Suspended)
            return (null, Pages.Error(http, "Your account is disabled or your organization is suspended.", StatusCodes.Status403Forbidden));
        if (client.Kind == ClientKind.Confidential && client.OrganizationId != user.OrganizationId)
            return (null, Pages.Error(http, "This app was set up by another organization and cannot be used with your account.", StatusCodes.Status403Forbidden));

        IReadOnlyList<string> offered = RoleCeilings.Apply(user.Role, request.Scopes);
        if (offered.Count == 0)
            return (null, Pages.Error(http, "Your role does not allow any of the access this app asks for.", StatusCodes.Status403Forbidden));
        Consent? previous = await state.GetConsentAsync(user.OrganizationId, user.Id, client.Id, cancellationToken);
        return (new Context(request, client, user, organization, offered, previous), null);
    }

    private static IResult Page(HttpContext http, string requestId, Context context, string? error)
    {
        // A private-use scheme (cursor://, com.example.app:) has no host worth naming: any app on the device may claim it.
        string returnsTo = RedirectUriPolicy.IsPrivateUse(context.Request.RedirectUri)
            ? $"<strong>an app on this device</strong> (the one that opens {Pages.E(new Uri(context.Request.RedirectUri).Scheme)}: links)"
            : $"<strong>{Pages.E(new Uri(context.Request.RedirectUri).Authority)}</strong>";
        bool newRedirect = context.Previous?.RedirectUris.Contains(context.Request.RedirectUri) != true;
        string identity = context.Client.Kind switch
        {
            ClientKind.MetadataDocument => $"described by {Pages.E(new Uri(context.Client.Id).Host)}",
            ClientKind.Confidential => "set up by your organization",
            _ => "registered itself with this server",
        };

        var rows = new StringBuilder();
        foreach (IGrouping<string, string> type in context.Offered.GroupBy(ScopeLabels.DataType))
        {
            // A named group, so a screen reader says "Participants" with each "read" / "change" box, not just the verb.
            rows.Append(CultureInfo.InvariantCulture,
                $"""<p role="group" aria-labelledby="access-{Pages.E(type.Key)}"><strong id="access-{Pages.E(type.Key)}">{Pages.E(ScopeLabels.DataTypeName(type.Key))}</strong><br>""");
            foreach (string scope in type)
                rows.Append(CultureInfo.InvariantCulture, $"""<label><input type="checkbox" name="scope" value="{Pages.E(scope)}" checked> {ScopeLabels.Level(scope)}</label> """);
            rows.Append("</p>");
        }

        return Pages.Html(http, $"Allow {context.Client.Name}?", $"""
            {(error is null ? string.Empty : $"<p class=\"error\">{Pages.E(error)}</p>")}
            <p><strong>{Pages.E(context.Client.Name)}</strong> ({identity}) wants to use your data at <strong>{Pages.E(context.Organization.Name)}</strong>
            as <strong>{Pages.E(context.User.DisplayName)}</strong> ({Pages.E(RoleNames.Describe(context.User.Role))}).</p>
            <p>After you choose, you go back to {returnsTo}.</p>{(newRedirect ? "<p class=\"warn\">You have not allowed this app to send you there before: check that you trust it.</p>" : string.Empty)}
            <form method="post" action="{SignInEndpoint.ConsentPath}">
            {Pages.Hidden("request", requestId)}
            {Pages.Hidden("csrf", BrowserBinding.CsrfToken(http, requestId)!)}
            <fieldset><legend>What it may do (untick what you do not want to allow)</legend>
            {rows}
            </fieldset>
            <p class="note">You can disconnect the app at any time; its access stops at once.</p>
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """);
    }
}
