using System.Globalization;
using System.Text;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// GET <c>/settings/mcp/activity?key=&lt;key id&gt;</c> or <c>?app=&lt;grant id&gt;</c>: what an assistant did in the
/// person's name with that key or connection, from the audit trail (its per-credential partition, one range read a page),
/// newest first, <see cref="PageSize"/> at a time; <c>after</c> is the cursor of the next, older page (not a secret). Only
/// the credential's owner, or an admin of its organization, sees it; any other id is "not found".
/// </summary>
internal static class ActivityEndpoint
{
    public const int PageSize = 25;

    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        (SettingsVisitor? visitor, IResult? instead) = await SettingsGate.PageAsync(context);
        if (visitor is null)
            return instead!;

        IQueryCollection query = context.Request.Query;
        string? keyId = query["key"].Count == 1 ? query["key"].ToString() : null;
        string? grantId = query["app"].Count == 1 ? query["app"].ToString() : null;
        string? after = query["after"].Count == 1 ? query["after"].ToString() : null;
        CancellationToken cancellationToken = context.RequestAborted;

        (string credentialId, string title, string parameter)? credential = null;
        if (keyId is not null && grantId is null
            && await context.Service<AccessKeyService>().FindAsync(visitor.OrganizationId, visitor.Owner, keyId, cancellationToken) is { } key)
        {
            credential = (key.Id, $"Activity of the key \"{key.Name}\"", "key=" + Uri.EscapeDataString(key.Id));
        }
        else if (grantId is not null && keyId is null
            && await context.Service<GrantService>().FindAsync(visitor.OrganizationId, visitor.Owner, grantId, cancellationToken) is { } grant)
        {
            (string name, _) = await context.Service<ClientRegistry>().DescribeAsync(grant.ClientId, grant.ClientName, cancellationToken);
            credential = (grant.Id, $"Activity of {name}", "app=" + Uri.EscapeDataString(grant.Id));
        }

        if (credential is not ({ } id, { } heading, { } link))
            return Message(context, "Not found", "There is no such key or connected app among the ones you can see.", StatusCodes.Status404NotFound);
        AuditPage? page = await context.Service<IAuditStore>().ReadCredentialPageAsync(id, after, PageSize, cancellationToken);
        if (page is null)
            return Message(context, "Not found", "That page of activity does not exist: start again from the newest.", StatusCodes.Status400BadRequest);

        var rows = new StringBuilder();
        foreach (AuditEntry entry in page.Entries)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{Time(entry.Time)}</td><td>{E(entry.Tool ?? entry.Method ?? "-")}</td><td>{E(entry.Outcome)}</td><td>{entry.Status}</td><td>{entry.LatencyMs} ms</td></tr>
                """);
        }

        string table = page.Entries.Count == 0
            ? $"""<p id="activity-empty">{(after is null ? "Nothing has been done with it yet." : "There is nothing older.")}</p>"""
            : $"""
                <table id="activity"><caption>Requests, newest first (times in UTC)</caption>
                <thead><tr><th scope="col">Time</th><th scope="col">Tool (or request)</th><th scope="col">Outcome</th><th scope="col">HTTP status</th><th scope="col">Took</th></tr></thead>
                <tbody>{rows}</tbody></table>
                """;
        return Html(context, heading, $"""
            <p>Every request made with it: the tool called, or the MCP request when it was not a tool call, and how it ended. What was sent and
            returned is never recorded.</p>
            {table}
            <nav aria-label="Pages of activity"><p>
            {(after is null ? string.Empty : $"""<a id="activity-newest" href="{SettingsPaths.Activity}?{link}">Newest</a>""")}
            {(page.Next is null ? string.Empty : $"""<a id="activity-older" href="{SettingsPaths.Activity}?{link}&amp;after={Uri.EscapeDataString(page.Next)}">Older</a>""")}
            </p></nav>
            <p><a href="{SettingsPaths.Mcp}">Back to AI &amp; MCP settings</a></p>
            """);
    }
}
