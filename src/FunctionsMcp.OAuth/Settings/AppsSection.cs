using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>A connection as listed: the grant, and its app's name and how the app became known.</summary>
internal sealed record ConnectedApp(Grant Grant, string Name, ClientKind Kind)
{
    public string HowRegistered => Kind switch
    {
        ClientKind.MetadataDocument => $"described by {new Uri(Grant.ClientId).Host}",
        ClientKind.Confidential => "set up by your organization",
        _ => "registered itself",
    };

    public static async Task<IReadOnlyList<ConnectedApp>> DescribeAsync(ClientRegistry clients, IEnumerable<Grant> grants, CancellationToken cancellationToken)
    {
        var apps = new List<ConnectedApp>();
        foreach (Grant grant in grants)
        {
            (string name, ClientKind kind) = await clients.DescribeAsync(grant.ClientId, grant.ClientName, cancellationToken);
            apps.Add(new ConnectedApp(grant, name, kind));
        }

        return apps;
    }
}

/// <summary>The connected AI apps (OAuth grants) part of the settings page: the person's, and (for an admin) everyone else's.</summary>
internal static class AppsSection
{
    public static string Render(SettingsVisitor visitor, IReadOnlyList<ConnectedApp> mine, IReadOnlyList<ConnectedApp> others, IReadOnlyDictionary<string, string> owners)
    {
        ConnectedApp[] active = [.. mine.Where(a => a.Grant.IsActive)];
        ConnectedApp[] ended = [.. mine.Where(a => !a.Grant.IsActive)];
        return $"""
            <section id="apps" aria-labelledby="apps-heading">
            <h2 id="apps-heading">Connected AI apps</h2>
            <p>Apps you allowed through the sign-in and consent pages. Disconnecting one stops its access and refresh tokens at once; to use it again, connect it again from the app.</p>
            {(active.Length == 0 ? """<p id="my-apps-empty">No app is connected.</p>""" : Table("my-apps", "Your connected apps", active, owners: null, visitor))}
            {(ended.Length == 0 ? string.Empty : $"""<details id="my-ended-apps"><summary>Disconnected apps ({ended.Length})</summary>{Table("my-ended-apps-table", "Your disconnected apps", ended, owners: null, visitor)}</details>""")}
            {(!visitor.IsAdmin ? string.Empty
                : others.Count == 0 ? $"""<p id="org-apps-empty">Nobody else at {E(visitor.Organization.Name)} has an app connected.</p>"""
                : Table("org-apps", $"Everyone else's connected apps at {visitor.Organization.Name} (you are an administrator)", others, owners, visitor))}
            </section>
            """;
    }

    private static string Table(string id, string caption, IReadOnlyList<ConnectedApp> apps, IReadOnlyDictionary<string, string>? owners, SettingsVisitor visitor)
    {
        var rows = new StringBuilder();
        foreach (ConnectedApp app in apps)
        {
            Grant grant = app.Grant;
            string status = grant.IsActive ? string.Empty : $"<br><span class=\"note\">Disconnected {Time(grant.RevokedAt)}: {E(grant.RevokedReason)}</span>";
            string disconnect = !grant.IsActive ? string.Empty : $"""
                <form method="post" action="{SettingsPaths.DisconnectApp}">{Hidden("csrf", visitor.Csrf)}{Hidden("id", grant.Id)}<button type="submit" class="danger" id="disconnect-{E(grant.Id)}" aria-label="Disconnect {E(app.Name)}">Disconnect</button></form>
                """;
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr id="app-{E(grant.Id)}"><td><strong>{E(app.Name)}</strong><br><span class="note">{E(app.HowRegistered)}</span>{status}</td>{(owners is null ? string.Empty : $"<td>{E(owners.GetValueOrDefault(grant.UserId, grant.UserId))}</td>")}
                <td>{E(ScopeLabels.Describe(grant.Scopes))}</td><td>{Time(grant.CreatedAt)}</td><td>{Time(grant.LastUsedAt)}</td>
                <td><a href="{SettingsPaths.Activity}?app={Uri.EscapeDataString(grant.Id)}" id="app-activity-{E(grant.Id)}" aria-label="Activity of {E(app.Name)}">Activity</a> {disconnect}</td></tr>
                """);
        }

        return $"""
            <table id="{id}"><caption>{E(caption)}</caption>
            <thead><tr><th scope="col">App</th>{(owners is null ? string.Empty : "<th scope=\"col\">Owner</th>")}<th scope="col">Access</th><th scope="col">Connected</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }
}
