using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// <c>/settings</c> (which leads to its one section today), <c>/settings/mcp</c> (Settings → AI &amp; MCP) and
/// <c>/settings/signout</c>. Signed in through the same sign-in as <c>/authorize</c>; see <see cref="SettingsSessions"/>
/// and <see cref="SettingsGate"/>.
/// </summary>
internal static class SettingsEndpoint
{
    /// <summary>GET <c>/settings</c>.</summary>
    public static Task<IResult> HandleSettingsAsync(HttpContext context) => Task.FromResult(Results.Redirect(SettingsPaths.Mcp));

    /// <summary>GET <c>/settings/mcp</c>.</summary>
    public static async Task<IResult> HandleMcpAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IResult? instead) = await SettingsGate.PageAsync(context);
        return visitor is null ? instead! : await McpSettingsPage.RenderAsync(context, visitor);
    }

    /// <summary>POST <c>/settings/signout</c>: ends the session on every instance at once. (A sign-in with Entra ID stays signed in at Entra.)</summary>
    public static async Task<IResult> HandleSignOutAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, _, IResult? instead) = await SettingsGate.FormAsync(context);
        if (visitor is null)
            return instead!;
        await context.Service<SettingsSessions>().EndAsync(context, visitor.Session, context.RequestAborted);
        return SettingsPage.Html(context, "Signed out", $"""
            <p class="done" role="status">You are signed out of the settings pages. Your keys and connected apps keep working.</p>
            <p><a id="sign-in-again" href="{SettingsPaths.Mcp}">Sign in again</a></p>
            """);
    }
}
