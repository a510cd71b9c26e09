using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// Settings → AI &amp; MCP: the MCP server URL and how to connect each client, the person's access keys and connected apps
/// (with their activity), and for an admin everyone else's in the organization and its OAuth clients. Nothing of another
/// organization is ever read: every list is of the visitor's organization.
/// </summary>
internal static class McpSettingsPage
{
    public const string Title = "AI & MCP settings";

    /// <summary>What a redirect after a change says (<c>?done=</c>): fixed sentences, so the query can carry nothing else onto the page.</summary>
    private static readonly Dictionary<string, string> s_notices = new(StringComparer.Ordinal)
    {
        ["key-revoked"] = "The key was revoked: it is refused from its next request on.",
        ["app-disconnected"] = "The app was disconnected: its access and refresh tokens stopped working.",
        ["client-deleted"] = "The OAuth client was deleted, and everyone connected through it was disconnected.",
    };

    public static string Done(string notice) => $"{SettingsPaths.Mcp}?done={notice}";

    /// <summary>The page; with a form that was refused, that form again with its sentence (status 400).</summary>
    public static async Task<IResult> RenderAsync(HttpContext context, SettingsVisitor visitor, KeyForm? keyForm = null, ClientForm? clientForm = null)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        string me = visitor.User.Id;
        IReadOnlyList<AccessKey> keys = await context.Service<AccessKeyService>().ListAsync(visitor.OrganizationId, visitor.Owner, cancellationToken);
        IReadOnlyList<Grant> grants = await context.Service<GrantService>().ListAsync(visitor.OrganizationId, visitor.Owner, cancellationToken);
        ClientRegistry registry = context.Service<ClientRegistry>();
        IReadOnlyList<ConnectedApp> apps = await ConnectedApp.DescribeAsync(registry, grants.Where(g => g.UserId == me || g.IsActive), cancellationToken);
        IReadOnlyDictionary<string, string> owners = visitor.IsAdmin
            ? (await context.Service<IIdentityStore>().ListUsersAsync(visitor.OrganizationId, cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName, StringComparer.Ordinal)
            : new Dictionary<string, string>();
        IReadOnlyList<OAuthClient> clients = visitor.IsAdmin ? await registry.ListConfidentialAsync(visitor.OrganizationId, cancellationToken) : [];
        DateTimeOffset now = context.Service<TimeProvider>().GetUtcNow();

        string? notice = s_notices.GetValueOrDefault(context.Request.Query["done"].ToString());
        string body = $"""
            <header>
            <p id="signed-in-as">Signed in as <strong>{E(visitor.User.DisplayName)}</strong> ({E(RoleNames.Describe(visitor.User.Role))}) at <strong>{E(visitor.Organization.Name)}</strong>.</p>
            <form method="post" action="{SettingsPaths.SignOut}">{Hidden("csrf", visitor.Csrf)}<button type="submit" id="sign-out">Sign out</button></form>
            </header>
            <nav aria-label="On this page"><p><a href="#connect">Connect an AI app</a> · <a href="#keys">Access keys</a> · <a href="#apps">Connected AI apps</a>{(visitor.IsAdmin ? " · <a href=\"#clients\">OAuth clients</a>" : string.Empty)}</p></nav>
            {(notice is null ? string.Empty : $"""<p class="done" id="notice" role="status">{E(notice)}</p>""")}
            {ConnectSection.Render(context.Service<IOptions<ServerOptions>>().Value)}
            {KeysSection.Render(visitor, [.. keys.Where(k => k.UserId == me)], [.. keys.Where(k => k.UserId != me && k.RevokedAt is null)], owners, keyForm, now)}
            {AppsSection.Render(visitor, [.. apps.Where(a => a.Grant.UserId == me)], [.. apps.Where(a => a.Grant.UserId != me)], owners)}
            {(visitor.IsAdmin ? ClientsSection.Render(visitor, clients, clientForm) : string.Empty)}
            """;
        return Html(context, Title, body, keyForm is null && clientForm is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
