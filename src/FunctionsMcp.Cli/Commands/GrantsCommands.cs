using FunctionsMcp.OAuth.Grants;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>grants list</c> and <c>grants revoke</c>: the OAuth connections users made by allowing an app, through
/// <see cref="GrantService"/> (as the settings page). Every access and refresh token of a connection points back to its
/// grant, so revoking the grant stops them all on their next use.
/// </summary>
internal static class GrantsCommands
{
    public static readonly CommandSpec List = new(
        "grants list", Required: [CliOptions.Org], Optional: [CliOptions.User, CliOptions.Json],
        [new("grants list --org <org> [--user <user>]", "OAuth connections, newest first: id, user, client id, scopes, created, last used,\n" +
            "status (active, or revoked with when and why)")],
        ListAsync,
        Summary: "Lists the OAuth connections people made by allowing an app, newest first, with their status.",
        Examples: ["grants list --org sunrise", "grants list --org sunrise --user sunrise-coordinator --json"],
        Describe: new Dictionary<string, OptionHelp>
        {
            [CliOptions.User] = new("<user>", "Only this user's connections (default: everyone's in the organization)."),
        });

    public static readonly CommandSpec Revoke = new(
        "grants revoke", Required: [CliOptions.Org], Optional: [CliOptions.User, CliOptions.Client],
        [
            new("grants revoke --org <org> <grant-id>", "stops its access and refresh tokens on their next use; \"not found\" (exit 1) for an\n" +
                "unknown id or another org's grant"),
            new("grants revoke --org <org> --client <client-id> [--user <user>]", "disconnects an app: every active connection of that client; with --user, only that user's"),
        ],
        RevokeAsync,
        Arguments: ["[<grant-id>]"],
        Summary: "Revokes one OAuth connection, or disconnects an app from the organization (or from one user).",
        Examples:
        [
            "grants revoke --org sunrise <grant-id>                                  # one connection, the id 'grants list' shows",
            "grants revoke --org sunrise --client <client-id>                        # the app, for everyone",
            "grants revoke --org sunrise --client <client-id> --user sunrise-worker  # the app, for one person",
        ],
        Describe: new Dictionary<string, OptionHelp>
        {
            ["<grant-id>"] = new(null, "The connection's id, as 'grants list --org <org>' shows it (not with --client)."),
            [CliOptions.Client] = new("<client-id>", "Every active connection of this OAuth client ('grants list' shows each connection's client)."),
            [CliOptions.User] = new("<user>", "With --client: only this user's connections to it."),
        });

    /// <summary>A grant as listed. Scopes are those the user allowed.</summary>
    internal sealed record GrantView(
        string Id, string User, string ClientId, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt, string? RevokedReason, string Status);

    /// <summary>"1 connection", "2 connections".</summary>
    public static string Connections(int count) => $"{Output.Number(count)} {(count == 1 ? "connection" : "connections")}";

    private static async Task<int> ListAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string? userId = context.Arguments[CliOptions.User];
        if (await CheckAsync(context, organizationId, userId) is { } notFound)
            return notFound;

        IReadOnlyList<Grant> grants = await context.Get<GrantService>().ListAsync(organizationId, userId, context.CancellationToken);
        GrantView[] views = grants
            .Select(g => new GrantView(g.Id, g.UserId, g.ClientId, g.Scopes, g.CreatedAt, g.LastUsedAt, g.RevokedAt, g.RevokedReason, g.IsActive ? "active" : "revoked"))
            .ToArray();

        return Output.List(
            context,
            views,
            $"No OAuth connections in organization '{organizationId}'{(userId is null ? "" : $" for user '{userId}'")}.",
            ["ID", "USER", "CLIENT", "SCOPES", "CREATED (UTC)", "LAST USED (UTC)", "STATUS"],
            g => [g.Id, g.User, g.ClientId, Output.ScopeList(g.Scopes), Output.Minutes(g.CreatedAt), Output.Minutes(g.LastUsedAt, "never"),
                g.RevokedAt is null ? g.Status : $"{g.Status} {Output.Minutes(g.RevokedAt)}: {g.RevokedReason}"]);
    }

    private static async Task<int> RevokeAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string? grantId = context.Arguments.Words.ElementAtOrDefault(2);
        string? clientId = context.Arguments[CliOptions.Client];
        string? userId = context.Arguments[CliOptions.User];
        if ((grantId is null) == (clientId is null))
            return context.Usage("'grants revoke' needs either <grant-id> or --client <client-id>");
        if (grantId is not null && userId is not null)
            return context.Usage("--user applies to --client only: a grant id names one connection already");

        if (await CheckAsync(context, organizationId, userId) is { } notFound)
            return notFound;
        return grantId is not null
            ? await RevokeOneAsync(context, organizationId, grantId)
            : await RevokeClientAsync(context, organizationId, userId, clientId!);
    }

    private static async Task<int> RevokeOneAsync(CommandContext context, string organizationId, string grantId)
    {
        // The grants of an organization are its partition: another organization's grant is simply not found.
        Grant? grant = await context.Get<GrantService>().RevokeAsync(organizationId, ownerId: null, grantId, GrantService.AdministratorReason, context.CancellationToken);
        if (grant is null)
            return context.Fail($"grant '{grantId}' was not found in organization '{organizationId}': run 'grants list --org {organizationId}' to see its connections");

        context.Output.WriteLine(grant.RevokedAt is null
            ? $"Revoked grant {grant.Id} of {grant.UserId} to {grant.ClientId}: its access and refresh tokens are refused from their next use on."
            : $"Grant {grant.Id} of {grant.UserId} to {grant.ClientId} was already revoked at {Output.Minutes(grant.RevokedAt)} UTC: {grant.RevokedReason}.");
        return ExitCodes.Success;
    }

    private static async Task<int> RevokeClientAsync(CommandContext context, string organizationId, string? userId, string clientId)
    {
        string whose = userId is null ? "" : $" of user '{userId}'";
        IReadOnlyList<Grant> revoked = await context.Get<GrantService>().RevokeClientAsync(
            organizationId, userId, clientId, GrantService.AdministratorReason, context.CancellationToken);
        if (revoked.Count > 0)
        {
            context.Output.WriteLine($"Revoked {Connections(revoked.Count)}{whose} to {clientId} ({string.Join(", ", revoked.Select(g => g.Id))}): " +
                "their access and refresh tokens are refused from their next use on.");
            return ExitCodes.Success;
        }

        IReadOnlyList<Grant> all = await context.Get<GrantService>().ListAsync(organizationId, userId, context.CancellationToken);
        if (!all.Any(g => g.ClientId == clientId))
            return context.Fail($"no connections{whose} to client '{clientId}' in organization '{organizationId}': run 'grants list --org {organizationId}' to see its connections");
        context.Output.WriteLine($"Every connection{whose} to {clientId} was already revoked.");
        return ExitCodes.Success;
    }

    private static async Task<int?> CheckAsync(CommandContext context, string organizationId, string? userId) =>
        await context.CheckOrganizationAsync(organizationId) ?? (userId is null ? null : await context.CheckUserAsync(organizationId, userId));
}
