using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>What the key form was sent with, to show it again with the sentence that refused it.</summary>
internal sealed record KeyForm(string Name, IReadOnlyList<string> Scopes, string Expires, string Error);

/// <summary>The access keys part of the settings page: the form that creates one, the person's keys, and (for an admin) everyone else's.</summary>
internal static class KeysSection
{
    /// <summary>The expiry choices: days from now, or never.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Expiries =
        [("7", "in 7 days"), ("30", "in 30 days"), ("90", "in 90 days"), ("365", "in a year"), ("never", "never")];

    public const string DefaultExpiry = "90";

    public static string Render(SettingsVisitor visitor, IReadOnlyList<AccessKey> mine, IReadOnlyList<AccessKey> others,
        IReadOnlyDictionary<string, string> owners, KeyForm? form, DateTimeOffset now)
    {
        AccessKey[] revoked = [.. mine.Where(k => k.RevokedAt is not null)];
        return $"""
            <section id="keys" aria-labelledby="keys-heading">
            <h2 id="keys-heading">Access keys</h2>
            <p>For apps that take a pasted key instead of a sign-in: Manus, Claude Code, Codex, VS Code, scripts. A key acts as you, with the
            access you tick, and never more than your role ({E(RoleNames.Describe(visitor.User.Role, capitalised: false))}) allows at the time it is used. It is shown once.</p>
            {(form is null ? string.Empty : $"""<p class="error" id="key-error" role="alert">The key was not created: {E(form.Error)}.</p>""")}
            <form method="post" action="{SettingsPaths.CreateKey}" id="create-key-form">
            {Hidden("csrf", visitor.Csrf)}
            <p><label for="key-name">Name</label>
            <input type="text" id="key-name" name="name" maxlength="{AccessKeyService.MaxNameLength}" required autocomplete="off" value="{E(form?.Name)}" aria-describedby="key-name-hint">
            <span id="key-name-hint" class="note">Where you will use it, such as "Manus" or "Claude Code on my laptop".</span></p>
            {ScopeChoices(visitor.User.Role, form?.Scopes)}
            <p><label for="key-expires">Expires</label>
            <select id="key-expires" name="expires">{string.Concat(Expiries.Select(e => $"""<option value="{e.Value}"{(e.Value == (form?.Expires ?? DefaultExpiry) ? " selected" : string.Empty)}>{E(e.Label)}</option>"""))}</select></p>
            <button type="submit" id="create-key">Create key</button>
            </form>
            {(mine.Count == revoked.Length
                ? """<p id="my-keys-empty">You have no access keys.</p>"""
                : Table("my-keys", "Your keys", [.. mine.Where(k => k.RevokedAt is null)], owners: null, visitor, now))}
            {(revoked.Length == 0 ? string.Empty : $"""<details id="my-revoked-keys"><summary>Revoked keys ({revoked.Length})</summary>{Table("my-revoked-keys-table", "Your revoked keys", revoked, owners: null, visitor, now)}</details>""")}
            {(visitor.IsAdmin ? OrganizationKeys(visitor, others, owners, now) : string.Empty)}
            </section>
            """;
    }

    /// <summary>A tick box per scope the person's role allows, grouped by data type; read scopes ticked at first.</summary>
    private static string ScopeChoices(Role role, IReadOnlyList<string>? chosen)
    {
        var html = new StringBuilder("<fieldset><legend>What the key may do</legend>");
        foreach (IGrouping<string, string> type in RoleCeilings.For(role).GroupBy(ScopeLabels.DataType))
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(ScopeLabels.DataTypeName(type.Key))}</legend>");
            foreach (string scope in type)
            {
                string id = "key-scope-" + scope.Replace(':', '-');
                bool ticked = chosen?.Contains(scope) ?? ScopeLabels.Level(scope) == "read";
                html.Append(CultureInfo.InvariantCulture, $"""<label for="{id}"><input type="checkbox" id="{id}" name="scope" value="{E(scope)}"{(ticked ? " checked" : string.Empty)}> {ScopeLabels.Level(scope)}</label>""");
            }

            html.Append("</fieldset>");
        }

        if (role != Role.Admin && role != Role.Coordinator)
            html.Append(CultureInfo.InvariantCulture, $"""<p class="note">These are all the kinds of access your role ({E(RoleNames.Describe(role, capitalised: false))}) may hold.</p>""");
        return html.Append("</fieldset>").ToString();
    }

    private static string OrganizationKeys(SettingsVisitor visitor, IReadOnlyList<AccessKey> others, IReadOnlyDictionary<string, string> owners, DateTimeOffset now) =>
        others.Count == 0
            ? $"""<p id="org-keys-empty">Nobody else at {E(visitor.Organization.Name)} has a key in use.</p>"""
            : Table("org-keys", $"Everyone else's keys at {visitor.Organization.Name} (you are an administrator)", others, owners, visitor, now);

    private static string Table(string id, string caption, IReadOnlyList<AccessKey> keys, IReadOnlyDictionary<string, string>? owners, SettingsVisitor visitor, DateTimeOffset now)
    {
        var rows = new StringBuilder();
        foreach (AccessKey key in keys)
        {
            string status = key.RevokedAt is not null ? "revoked " + Time(key.RevokedAt) : key.IsActive(now) ? "active" : "expired";
            string revoke = key.RevokedAt is not null ? string.Empty : $"""
                <form method="post" action="{SettingsPaths.RevokeKey}">{Hidden("csrf", visitor.Csrf)}{Hidden("id", key.Id)}<button type="submit" class="danger" id="revoke-key-{E(key.Id)}" aria-label="Revoke key {E(key.Name)}">Revoke</button></form>
                """;
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr id="key-{E(key.Id)}"><td>{E(key.Name)}</td>{(owners is null ? string.Empty : $"<td>{E(owners.GetValueOrDefault(key.UserId, key.UserId))}</td>")}<td>{E(ScopeLabels.Describe(key.Scopes))}</td>
                <td>{Time(key.CreatedAt)}</td><td>{Time(key.LastUsedAt)}</td><td>{Time(key.ExpiresAt)}</td><td>{status}</td>
                <td><a href="{SettingsPaths.Activity}?key={Uri.EscapeDataString(key.Id)}" id="key-activity-{E(key.Id)}" aria-label="Activity of key {E(key.Name)}">Activity</a> {revoke}</td></tr>
                """);
        }

        return $"""
            <table id="{id}"><caption>{E(caption)}</caption>
            <thead><tr><th scope="col">Name</th>{(owners is null ? string.Empty : "<th scope=\"col\">Owner</th>")}<th scope="col">Access</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }
}
