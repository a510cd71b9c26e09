using System.Globalization;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>keys create</c>, <c>keys list</c>, <c>keys revoke</c> and <c>keys rotate</c>: personal access keys through
/// <see cref="AccessKeyService"/>, which enforces the role ceiling and keeps only a hash. A secret is printed once, by
/// create or rotate, and never again.
/// </summary>
internal static class KeysCommands
{
    public static readonly CommandSpec Create = new(
        "keys create", Required: [CliOptions.Org, CliOptions.User, CliOptions.Name], Optional: [CliOptions.Scopes, CliOptions.Expires, CliOptions.ExpiresIn],
        [new(
            "keys create --org <org> --user <user> --name <name> [--scopes a,b,...] [--expires yyyy-MM-dd | --expires-in <N>d]",
            "default scopes: everything the user's role allows. No expiry unless given; --expires ends it at 00:00 UTC that day.\n" +
            "Prints the key once, then the lines to paste:\n" +
            "  Manus header: Authorization: Bearer <key>\n" +
            "  Claude Code:  claude mcp add --transport http functions-mcp <base>/mcp --header \"Authorization: Bearer <key>\"\n" +
            "It is shown only once and stored only as a hash.")],
        CreateAsync,
        Summary: "Makes a personal access key for a user and prints it once, with the lines to paste into a client.",
        Examples:
        [
            "keys create --org sunrise --user sunrise-coordinator --name \"Manus\"                  # every scope the user's role allows",
            "keys create --org sunrise --user sunrise-worker --name \"Claude Code\" --scopes participants:read,goals:read --expires-in 90d",
            "keys create --org sunrise --user sunrise-admin --name \"Quarterly report\" --expires 2027-01-31",
        ],
        Describe: new Dictionary<string, OptionHelp>
        {
            [CliOptions.User] = new("<user>", "The key's owner: it acts as this user, and never beyond the user's role ('users list --org <org>')."),
            [CliOptions.Name] = new("<name>", "What the key is for, as 'keys list' and the settings page show it (at most 100 characters)."),
            [CliOptions.Scopes] = new("a,b,...", "Comma-separated scopes (default: every scope the user's role allows); one beyond the role is refused."),
            [CliOptions.Expires] = new("yyyy-MM-dd", "The key stops working at 00:00 UTC on that day (default: it never expires)."),
            [CliOptions.ExpiresIn] = new("<N>d", "The key stops working N days from now, 1 to 3650 (not with --expires)."),

        });

    public static readonly CommandSpec List = new(
        "keys list", Required: [CliOptions.Org], Optional: [CliOptions.User, CliOptions.Json],
        [new("keys list --org <org> [--user <user>]", "id, name, owner, scopes (\"all\" when every scope), created, expires, last used,\n" +
            "status (active/revoked/expired); never a secret")],
        ListAsync,
        Summary: "Lists an organization's access keys (or one user's) with their status; never a secret.",
        Examples: ["keys list --org sunrise", "keys list --org sunrise --user sunrise-worker --json"],
        Describe: new Dictionary<string, OptionHelp>
        {
            [CliOptions.User] = new("<user>", "Only this user's keys (default: every key in the organization)."),
        });

    public static readonly CommandSpec Revoke = new(
        "keys revoke", Required: [CliOptions.Org], Optional: [],
        [new("keys revoke --org <org> <key-id>", "takes effect on the next request; \"not found\" (exit 1) for an unknown id or another org's key")],
        RevokeAsync,
        Arguments: ["<key-id>"],
        Summary: "Revokes an access key: the next request with it is refused (401).",
        Examples: ["keys revoke --org sunrise 5bdpfws3zcbn4gdosena    # the id 'keys list' shows, never the key itself"],
        Describe: new Dictionary<string, OptionHelp>
        {
            ["<key-id>"] = new(null, "The key's id, as 'keys list --org <org>' shows it (in a key fmcp_<id>_<secret>, the part after 'fmcp_')."),
        });

    public static readonly CommandSpec Rotate = new(
        "keys rotate", Required: [CliOptions.Org], Optional: [],
        [new("keys rotate --org <org> <key-id>", "a new secret with the same name, owner, scopes and expiry length; the old key is refused\n" +
            "from the next request on. Prints the new key once, as create does")],
        RotateAsync,
        Arguments: ["<key-id>"],
        Summary: "Replaces an access key's secret: same name, owner and access; the old secret stops at once.",
        Examples: ["keys rotate --org sunrise 5bdpfws3zcbn4gdosena    # prints the new key once"],
        Describe: new Dictionary<string, OptionHelp>
        {
            ["<key-id>"] = new(null, "The key's id, as 'keys list --org <org>' shows it."),
        });

    private const int MaxExpiryDays = 3650;

    /// <summary>A key as listed: everything but the secret and its hash. Scopes are those granted at creation.</summary>
    internal sealed record KeyView(
        string Id, string Name, string Owner, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
        DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string Status);

    /// <summary>What a new key is to be: read from --org, --user, --scopes and --expires or --expires-in.</summary>
    internal sealed record KeyRequest(string OrganizationId, string UserId, string Name, string[]? Scopes, DateTimeOffset? ExpiresAt);

    /// <summary>The key asked for (<c>keys create</c>, <c>connect</c>), or why the options do not say one (a usage error).</summary>
    internal static (KeyRequest? Request, string? Problem) ReadKeyRequest(CommandContext context, string name)
    {
        string[]? scopes = context.Arguments[CliOptions.Scopes]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (scopes is [])
            return (null, "--scopes needs a comma-separated list, such as participants:read,goals:read");
        (DateTimeOffset? expiresAt, string? expiryProblem) = Expiry(context);
        return expiryProblem is not null
            ? (null, expiryProblem)
            : (new KeyRequest(context.Arguments[CliOptions.Org]!, context.Arguments[CliOptions.User]!, name, scopes, expiresAt), null);
    }

    /// <summary>Makes the key through <see cref="AccessKeyService"/>; or says why not and returns the exit code.</summary>
    internal static async Task<(CreatedAccessKey? Created, int ExitCode)> CreateKeyAsync(CommandContext context, KeyRequest request)
    {
        if (await context.CheckOrganizationAsync(request.OrganizationId) is { } notFound)
            return (null, notFound);
        // Without --scopes the key gets the owner's whole role ceiling; the service still checks the owner exists.
        User? owner = await context.Get<IIdentityStore>().GetUserAsync(request.OrganizationId, request.UserId, context.CancellationToken);
        IEnumerable<string> requested = request.Scopes ?? (owner is null ? [] : RoleCeilings.For(owner.Role));

        (CreatedAccessKey? created, string? error) = await context.Get<AccessKeyService>().CreateAsync(
            request.OrganizationId, request.UserId, request.Name, requested, request.ExpiresAt, context.CancellationToken);
        return created is null ? (null, context.Fail($"the key was not created: {error}.")) : (created, ExitCodes.Success);
    }

    private static async Task<int> CreateAsync(CommandContext context)
    {
        (KeyRequest? request, string? problem) = ReadKeyRequest(context, context.Arguments[CliOptions.Name]!);
        if (request is null)
            return context.Usage(problem!);
        (CreatedAccessKey? created, int exitCode) = await CreateKeyAsync(context, request);
        if (created is null)
            return exitCode;

        PrintCreated(context, created);
        return ExitCodes.Success;
    }

    /// <summary>The new key, shown this once, with the lines to paste into a client.</summary>
    private static void PrintCreated(CommandContext context, CreatedAccessKey created)
    {
        if (context.Settings.BaseUrlNote is { } note)
            context.Error.WriteLine(note);
        string mcpUrl = context.Get<IOptions<ServerOptions>>().Value.McpResource;
        AccessKey key = created.Key;
        TextWriter output = context.Output;
        output.WriteLine($"Created access key {key.Id} \"{key.Name}\" for {key.UserId} in {key.OrganizationId}.");
        output.WriteLine($"Scopes:  {string.Join(", ", key.Scopes)}");
        output.WriteLine($"Expires: {(key.ExpiresAt is null ? "never" : Output.Minutes(key.ExpiresAt) + " UTC")}");
        output.WriteLine();
        output.WriteLine($"Key: {created.Token}");
        output.WriteLine();
        output.WriteLine(ConnectionLines.ManusHeader(created.Token));
        output.WriteLine(ConnectionLines.ClaudeCode(mcpUrl, created.Token));
        output.WriteLine();
        output.WriteLine("The key is shown only once and stored only as a hash: copy it now. If it is lost, revoke it and create another.");
    }

    private static async Task<int> RotateAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string keyId = context.Arguments.Words[2];
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        // Another organization's key is "not found" too, as for revoke.
        AccessKeyService keys = context.Get<AccessKeyService>();
        if (await keys.FindAsync(organizationId, ownerId: null, keyId, context.CancellationToken) is not { } old)
            return context.Fail($"key '{keyId}' was not found in organization '{organizationId}': run 'keys list --org {organizationId}' to see its keys");

        (RotatedAccessKey? rotated, string? error) = await keys.RotateAsync(old, context.CancellationToken);
        if (rotated is null)
            return context.Fail($"key '{keyId}' was not rotated: {error}.");

        PrintCreated(context, rotated.New);
        context.Output.WriteLine();
        context.Output.WriteLine($"It replaces key {old.Id}, which is revoked: it is refused from the next request on.");
        if (rotated.DroppedScopes.Count > 0)
            context.Output.WriteLine($"Left out {string.Join(", ", rotated.DroppedScopes)}: the role of {old.UserId} no longer allows them, so the old key could not use them either.");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string? userId = context.Arguments[CliOptions.User];
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;
        if (userId is not null && await context.CheckUserAsync(organizationId, userId) is { } noUser)
            return noUser;

        IReadOnlyList<AccessKey> keys = await context.Get<AccessKeyService>().ListAsync(organizationId, userId, context.CancellationToken);
        DateTimeOffset now = context.Time.GetUtcNow();
        KeyView[] views = keys
            .Select(k => new KeyView(k.Id, k.Name, k.UserId, k.Scopes, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, Status(k, now)))
            .ToArray();

        return Output.List(
            context,
            views,
            $"No access keys in organization '{organizationId}'{(userId is null ? "" : $" for user '{userId}'")}.",
            ["ID", "NAME", "OWNER", "SCOPES", "CREATED (UTC)", "EXPIRES (UTC)", "LAST USED (UTC)", "STATUS"],
            k => [k.Id, k.Name, k.Owner, Output.ScopeList(k.Scopes), Output.Minutes(k.CreatedAt), Output.Minutes(k.ExpiresAt, "never"),
                Output.Minutes(k.LastUsedAt, "never"), k.Status]);
    }

    private static async Task<int> RevokeAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string keyId = context.Arguments.Words[2];
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        // Another organization's key is "not found" too: the answer must not tell the two apart.
        AccessKey? key = await context.Get<AccessKeyService>().RevokeAsync(organizationId, ownerId: null, keyId, context.CancellationToken);
        if (key is null)
            return context.Fail($"key '{keyId}' was not found in organization '{organizationId}': run 'keys list --org {organizationId}' to see its keys");

        context.Output.WriteLine(key.RevokedAt is null
            ? $"Revoked key {key.Id} \"{key.Name}\" of {key.UserId}: it is refused from the next request on."
            : $"Key {key.Id} \"{key.Name}\" of {key.UserId} was already revoked at {Output.Minutes(key.RevokedAt)} UTC.");
        return ExitCodes.Success;
    }

    private static string Status(AccessKey key, DateTimeOffset now) =>
        key.RevokedAt is not null ? "revoked" : key.IsActive(now) ? "active" : "expired";

    private static (DateTimeOffset? ExpiresAt, string? Problem) Expiry(CommandContext context)
    {
        string? date = context.Arguments[CliOptions.Expires];
        string? days = context.Arguments[CliOptions.ExpiresIn];
        if (date is not null && days is not null)
            return (null, "give --expires or --expires-in, not both");

        if (date is not null)
        {
            return DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
                ? (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), null)
                : (null, $"--expires '{date}' is not a date: use yyyy-MM-dd, such as 2027-01-31");
        }

        if (days is not null)
        {
            return days.EndsWith('d') && int.TryParse(days[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxExpiryDays
                ? (context.Time.GetUtcNow().AddDays(n), null)
                : (null, $"--expires-in '{days}' is not a number of days: use <N>d with N from 1 to {MaxExpiryDays}, such as 90d");
        }

        return (null, null);
    }
}
