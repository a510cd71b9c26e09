using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// The settings pages sign people in through the same <c>/signin</c> as <c>/authorize</c> (Microsoft Entra ID, or the
/// development sign-in locally): a pending sign-in is stored, bound to this browser like an app's, with the page to return
/// to in place of a client; when the person has signed in, <see cref="SignInEndpoint"/> hands it back here, the pending
/// sign-in is used up and a settings session starts.
/// </summary>
internal static class SettingsSignIn
{
    /// <summary>Sends the browser to sign in, to come back to <paramref name="returnPath"/>.</summary>
    public static async Task<IResult> StartAsync(HttpContext context, string returnPath)
    {
        (string id, string idHash) = OpaqueSecret.Generate("fmar_");
        await context.Service<IAuthorizationStateStore>().AddRequestAsync(new PendingAuthorization(
            idHash, ClientId: string.Empty, RedirectUri: string.Empty, State: null, CodeChallenge: string.Empty, Scopes: [],
            BrowserBinding.Ensure(context), context.Service<TimeProvider>().GetUtcNow() + AuthorizationFlow.RequestLifetime, ReturnPath: returnPath),
            context.RequestAborted);
        return Results.Redirect($"{AuthorizeEndpoint.SignInPath}?request={Uri.EscapeDataString(id)}");
    }

    /// <summary>Ends a settings sign-in for <paramref name="user"/>: starts their session and returns them to the page they asked for.</summary>
    public static async Task<IResult> CompleteAsync(HttpContext context, PendingAuthorization request, User user, CancellationToken cancellationToken)
    {
        if (!SettingsPaths.IsReturnPath(request.ReturnPath) || !await context.Service<IAuthorizationStateStore>().DeleteRequestAsync(request, cancellationToken))
            return SettingsPage.Message(context, "Sign in again", "This sign-in link has expired or was already used.", StatusCodes.Status400BadRequest);
        await context.Service<SettingsSessions>().StartAsync(context, user.OrganizationId, user.Id, cancellationToken);
        return Results.Redirect(request.ReturnPath!);
    }
}
