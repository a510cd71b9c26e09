using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.Clients;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>What the client form was sent with, to show it again with the sentence that refused it.</summary>
internal sealed record ClientForm(string Name, string RedirectUris, string Error);

/// <summary>An admin's part of the settings page: the organization's confidential OAuth clients, made and deleted here or with the CLI.</summary>
internal static class ClientsSection
{
    public static string Render(SettingsVisitor visitor, IReadOnlyList<OAuthClient> clients, ClientForm? form)
    {
        var rows = new StringBuilder();
        foreach (OAuthClient client in clients)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr id="client-{E(client.Id)}"><td>{E(client.Name)}</td><td><code>{E(client.Id)}</code></td><td>{string.Join("<br>", client.RedirectUris.Select(E))}</td>
                <td>{Time(client.CreatedAt)}</td><td>{Time(client.LastUsedAt)}</td>
                <td><form method="post" action="{SettingsPaths.DeleteClient}">{Hidden("csrf", visitor.Csrf)}{Hidden("id", client.Id)}<button type="submit" class="danger" id="delete-client-{E(client.Id)}" aria-label="Delete client {E(client.Name)}">Delete</button></form></td></tr>
                """);
        }

        return $"""
            <section id="clients" aria-labelledby="clients-heading">
            <h2 id="clients-heading">OAuth clients of {E(visitor.Organization.Name)}</h2>
            <p>For apps that take a client id and secret made for your organization instead of registering themselves: ChatGPT's
            user-defined OAuth client, Claude's custom OAuth client. Only people of {E(visitor.Organization.Name)} can allow them.
            Deleting one disconnects everyone who connected through it.</p>
            {(form is null ? string.Empty : $"""<p class="error" id="client-error" role="alert">The client was not created: {E(form.Error)}.</p>""")}
            <form method="post" action="{SettingsPaths.CreateClient}" id="create-client-form">
            {Hidden("csrf", visitor.Csrf)}
            <p><label for="client-name">Name</label>
            <input type="text" id="client-name" name="name" maxlength="{ClientRegistry.MaxNameLength}" required autocomplete="off" value="{E(form?.Name)}"></p>
            <p><label for="client-redirect-uris">Redirect URIs, one a line</label>
            <textarea id="client-redirect-uris" name="redirect_uris" rows="3" required aria-describedby="client-redirect-uris-hint">{E(form?.RedirectUris)}</textarea>
            <span id="client-redirect-uris-hint" class="note">The callback URL the app shows for the connector (https).</span></p>
            <button type="submit" id="create-client">Create client</button>
            </form>
            {(clients.Count == 0
                ? """<p id="org-clients-empty">Your organization has no OAuth clients.</p>"""
                : $"""
                    <table id="org-clients"><caption>{E($"{visitor.Organization.Name}'s OAuth clients")}</caption>
                    <thead><tr><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Redirect URIs</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                    """)}
            </section>
            """;
    }
}
