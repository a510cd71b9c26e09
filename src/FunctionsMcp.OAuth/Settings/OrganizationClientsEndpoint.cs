using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// An admin's forms for the organization's confidential OAuth clients, through <see cref="ClientRegistry"/> like
/// <c>clients create</c> and <c>clients delete</c>. The secret is shown once, on the answer to the form. Anyone but an admin,
/// and any client of another organization, gets "not found".
/// </summary>
internal static class OrganizationClientsEndpoint
{
    /// <summary>POST <c>/settings/mcp/clients/create</c>: <c>name</c>, <c>redirect_uris</c> (one a line).</summary>
    public static async Task<IResult> HandleCreateAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await AdminFormAsync(context);
        if (visitor is null)
            return instead!;

        string name = form!["name"].ToString();
        string lines = form["redirect_uris"].ToString();
        string[] redirectUris = [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        (OAuthClient? client, string? secret, string? error) = await context.Service<ClientRegistry>().CreateConfidentialAsync(
            visitor.OrganizationId, name, redirectUris, context.RequestAborted);
        if (client is null)
            return await McpSettingsPage.RenderAsync(context, visitor, clientForm: new ClientForm(name, lines, error!));

        ILogger logger = SettingsGate.Logger(context);

        Log.SettingsClientCreated(logger, visitor.OrganizationId, visitor.User.Id, client.Id);
        ServerOptions server = context.Service<IOptions<ServerOptions>>().Value;
        AuthorizationServerMetadata.Document endpoints = AuthorizationServerMetadata.For(server, context.Service<IOptions<OAuthClientOptions>>().Value);
        return Html(context, "Your new OAuth client", $"""
            <p class="warn" role="alert">Copy the client secret now: this is the only time it is shown. It is stored only as a hash, so if you lose it, delete the client and create another.</p>
            <p>"{E(client.Name)}" can be allowed only by people of {E(visitor.Organization.Name)}, and only sends them back to {string.Join(", ", client.RedirectUris.Select(u => $"<code>{E(u)}</code>"))}.</p>
            <p>Enter these where the app asks for a user-defined or custom OAuth client (ChatGPT: the connector's advanced OAuth settings; Claude: the custom connector's advanced settings).</p>
            {Field("new-client-mcp-url", "MCP server URL", server.McpResource)}
            {Field("new-client-id", "Client ID", client.Id)}
            {Field("new-client-secret", "Client secret", secret!)}
            {Field("new-client-auth-method", "Token endpoint auth method (client_secret_basic works too)", "client_secret_post")}
            {Field("new-client-authorize-url", "Authorization URL", endpoints.AuthorizationEndpoint)}
            {Field("new-client-token-url", "Token URL", endpoints.TokenEndpoint)}
            <p><a id="done" href="{SettingsPaths.Mcp}#clients">Done: back to AI &amp; MCP settings</a></p>
            """);
    }

    /// <summary>POST <c>/settings/mcp/clients/delete</c>: <c>id</c>. Its connections are revoked with it.</summary>
    public static async Task<IResult> HandleDeleteAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await AdminFormAsync(context);
        if (visitor is null)
            return instead!;
        (OAuthClient? deleted, IReadOnlyList<Grant> revoked) = await context.Service<ClientRegistry>().DeleteConfidentialAsync(
            visitor.OrganizationId, form!["id"].ToString(), context.RequestAborted);
        if (deleted is null)
            return NotFound(context);
        ILogger logger = SettingsGate.Logger(context);
        Log.SettingsClientDeleted(logger, visitor.OrganizationId, visitor.User.Id, deleted.Id, revoked.Count);
        return SeeOther(context, McpSettingsPage.Done("client-deleted") + "#clients");
    }

    /// <summary>The form of an admin; anyone else's is "not found" (and changes nothing), as the forms do not exist for them.</summary>
    private static async Task<(SettingsVisitor? Visitor, IFormCollection? Form, IResult? Instead)> AdminFormAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IFormCollection? form, IResult? instead) = await SettingsGate.FormAsync(context);
        return visitor is { IsAdmin: false } ? (null, null, NotFound(context)) : (visitor, form, instead);
    }

    private static IResult NotFound(HttpContext context) =>
        Message(context, "Not found", "There is no such OAuth client among the ones you can manage. Nothing was changed.", StatusCodes.Status404NotFound);

    private static string Field(string id, string label, string value) =>
        $"""<p><label for="{E(id)}">{E(label)}</label><br><input type="text" id="{E(id)}" readonly value="{E(value)}"> {CopyButton(id, label)}</p>""";
}
