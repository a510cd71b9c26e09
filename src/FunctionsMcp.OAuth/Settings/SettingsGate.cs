using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>Who a settings request is for, read fresh for this request (a role changed since sign-in applies at once).</summary>
/// <param name="Session">Their settings session.</param>
/// <param name="User">The signed-in person.</param>
/// <param name="Organization">Their organization: everything they see and touch is in it.</param>
/// <param name="Csrf">The CSRF token every form of theirs carries.</param>
internal sealed record SettingsVisitor(SettingsSession Session, User User, Organization Organization, string Csrf)
{
    public string OrganizationId => Organization.Id;

    public bool IsAdmin => User.Role == Role.Admin;

    /// <summary>Whose things an action may touch: an admin anyone's in the organization (null), anyone else only their own.</summary>
    public string? Owner => IsAdmin ? null : User.Id;
}

/// <summary>
/// What every settings request passes first. A page needs a live session, or the browser is sent to sign in and back to
/// that page. A form also needs its CSRF token: without it, or with a wrong one, the answer is a 400 page and nothing is
/// changed. A form posted after the session ended changes nothing either; its page says so and links to sign in again (it
/// does not redirect: a redirect chain from a form submission may only reach this server under the pages' form-action).
/// </summary>
internal static class SettingsGate
{
    /// <summary>The visitor of a page, or where to send them instead.</summary>
    public static async Task<(SettingsVisitor? Visitor, IResult? Instead)> PageAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IResult? refused, bool signedOut) = await VisitorAsync(context);
        if (signedOut)
            return (null, await SettingsSignIn.StartAsync(context, SettingsPaths.ReturnPath(context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty)));
        return (visitor, refused);
    }

    /// <summary>The visitor and the form they posted, with its CSRF token checked, or the answer instead.</summary>
    public static async Task<(SettingsVisitor? Visitor, IFormCollection? Form, IResult? Instead)> FormAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IResult? refused, bool signedOut) = await VisitorAsync(context);
        if (signedOut)
        {
            return (null, null, SettingsPage.Html(context, "Sign in again", $"""
                <p class="warn">Your settings session has ended, so nothing was changed.</p>
                <p><a id="sign-in-again" href="{SettingsPaths.Mcp}">Sign in again</a> and try once more.</p>
                """, StatusCodes.Status403Forbidden));
        }

        if (visitor is null)
            return (null, null, refused);
        IFormCollection? form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (form is null || !SettingsSessions.CsrfMatches(visitor.Csrf, form["csrf"]))
        {
            ILogger logger = Logger(context);
            Log.SettingsCsrfRefused(logger, context.Request.Path.Value ?? string.Empty, visitor.OrganizationId, visitor.User.Id);
            return (null, null, SettingsPage.Message(context, "Nothing was changed",
                "This form did not come from your settings page, or that page was from an earlier sign-in. Nothing was changed: open the settings page again and retry.",
                StatusCodes.Status400BadRequest));
        }

        return (visitor, form, null);
    }

    private static async Task<(SettingsVisitor? Visitor, IResult? Refused, bool SignedOut)> VisitorAsync(HttpContext context)
    {
        SettingsSessions sessions = context.Service<SettingsSessions>();
        if (await sessions.FindAsync(context, context.RequestAborted) is not ({ } session, { } csrf))
            return (null, null, true);
        (User? user, Organization? organization, _) = await context.Service<IIdentityStore>().GetActiveUserAsync(session.OrganizationId, session.UserId, context.RequestAborted);
        if (user is null || organization is null)
        {
            await sessions.EndAsync(context, session, context.RequestAborted);
            return (null, SettingsPage.Message(context, "Signed out",
                "Your account is disabled or your organization is suspended on this server, so you have been signed out.", StatusCodes.Status403Forbidden), false);
        }

        return (new SettingsVisitor(session, user, organization, csrf), null, false);
    }

    /// <summary>The settings pages' logger (see <see cref="Log"/>: identifiers only).</summary>
    public static ILogger Logger(HttpContext context) => context.Service<ILoggerFactory>().CreateLogger("FunctionsMcp.OAuth.Settings");
}
