using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// The access-key forms of the settings page, through <see cref="AccessKeyService"/> like <c>keys create</c> and
/// <c>keys revoke</c>. A new key is shown once, on the answer to its form (never in a redirect, a URL or a later page),
/// with the lines to paste into each client. A key is revoked by its owner, or by an admin of its organization; any other
/// id is "not found".
/// </summary>
internal static class AccessKeysEndpoint
{
    /// <summary>POST <c>/settings/mcp/keys/create</c>: name, <c>scope</c> (repeated), <c>expires</c> (days, or <c>never</c>).</summary>
    public static async Task<IResult> HandleCreateAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await SettingsGate.FormAsync(context);
        if (visitor is null)
            return instead!;

        string name = form!["name"].ToString();
        string[] scopes = [.. form["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
        string expires = form["expires"].ToString();

        DateTimeOffset now = context.Service<TimeProvider>().GetUtcNow();
        DateTimeOffset? expiresAt;
        if (expires == "never")
            expiresAt = null;
        else if (KeysSection.Expiries.Any(e => e.Value == expires) && int.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, out int days))
            expiresAt = now.AddDays(days);
        else
            return await McpSettingsPage.RenderAsync(context, visitor, keyForm: new KeyForm(name, scopes, KeysSection.DefaultExpiry, "choose when it expires"));

        (CreatedAccessKey? created, string? error) = await context.Service<AccessKeyService>().CreateAsync(
            visitor.OrganizationId, visitor.User.Id, name, scopes, expiresAt, context.RequestAborted);
        if (created is null)
            return await McpSettingsPage.RenderAsync(context, visitor, keyForm: new KeyForm(name, scopes, expires, error!));

        ILogger logger = SettingsGate.Logger(context);

        Log.SettingsKeyCreated(logger, visitor.OrganizationId, visitor.User.Id, created.Key.Id);
        AccessKey key = created.Key;
        return Html(context, "Your new access key", $"""
            <p class="warn" role="alert">Copy the key now: this is the only time it is shown. It is stored only as a hash, so if you lose it, revoke it and create another.</p>
            <p><label for="new-key">Access key "{E(key.Name)}"</label></p>
            <p><input type="text" id="new-key" class="secret" readonly value="{E(created.Token)}"> {CopyButton("new-key", "the access key")}</p>
            <p>Access: {E(ScopeLabels.Describe(key.Scopes))}. Expires: {Time(key.ExpiresAt)}.</p>
            {ConnectSection.ForKey(context.Service<IOptions<ServerOptions>>().Value, created.Token)}
            <p><a id="done" href="{SettingsPaths.Mcp}#keys">Done: back to AI &amp; MCP settings</a></p>
            """);
    }

    /// <summary>POST <c>/settings/mcp/keys/revoke</c>: <c>id</c>.</summary>
    public static async Task<IResult> HandleRevokeAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await SettingsGate.FormAsync(context);
        if (visitor is null)
            return instead!;
        string id = form!["id"].ToString();
        AccessKey? key = await context.Service<AccessKeyService>().RevokeAsync(visitor.OrganizationId, visitor.Owner, id, context.RequestAborted);
        if (key is null)
            return Message(context, "Not found", "There is no such access key among the ones you can manage. Nothing was changed.", StatusCodes.Status404NotFound);
        ILogger logger = SettingsGate.Logger(context);
        Log.SettingsKeyRevoked(logger, visitor.OrganizationId, visitor.User.Id, key.Id);
        return SeeOther(context, McpSettingsPage.Done("key-revoked") + "#keys");
    }
}
