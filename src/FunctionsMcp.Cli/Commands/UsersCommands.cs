using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>users list</c>, <c>users disable</c>, <c>users enable</c> and <c>users set-role</c>: an organization's staff. Every
/// <c>/mcp</c> request reads its credential's owner and their role through the app's <see cref="IdentityCache"/>, so a
/// change here applies within that cache's bound on every instance (sign-in and <c>/token</c> see it at once).
/// </summary>
internal static class UsersCommands
{
    /// <summary>
    /// When a change to a user or an organization reaches <c>/mcp</c>: the app's <c>IdentityCache:Seconds</c> at its default
    /// (the CLI cannot know a deployment's own setting, so it names it).
    /// </summary>
    internal const string IdentityBound = "within 5 seconds on every instance (IdentityCache:Seconds)";

    public static readonly CommandSpec List = new(
        "users list", Required: [CliOptions.Org], Optional: [CliOptions.Json],
        [new("users list --org <org>", "id, name, email, role, disabled")],
        ListAsync,
        Summary: "Lists an organization's users: id, name, email, role, and whether they are disabled.",
        Examples: ["users list --org sunrise", "users list --org sunrise --json"]);

    private static readonly Dictionary<string, OptionHelp> s_userArgument = new()
    {
        ["<user-id>"] = new(null, "The user's id within the organization, as 'users list --org <org>' shows it."),
    };

    public static readonly CommandSpec Disable = new(
        "users disable", Required: [CliOptions.Org], Optional: [],
        [new("users disable --org <org> <user-id>", $"every key and OAuth connection of the user is refused (401) {IdentityBound},\n" +
            "and they cannot sign in; nothing is revoked, so 'users enable' restores them")],
        context => SetDisabledAsync(context, disabled: true),
        Arguments: ["<user-id>"],
        Summary: "Disables a user: their keys and connections are refused within 5 seconds.",
        Examples: ["users disable --org sunrise sunrise-coordinator"],
        Describe: s_userArgument);

    public static readonly CommandSpec Enable = new(
        "users enable", Required: [CliOptions.Org], Optional: [],
        [new("users enable --org <org> <user-id>", "their keys and connections that were not revoked or expired meanwhile work again")],
        context => SetDisabledAsync(context, disabled: false),
        Arguments: ["<user-id>"],
        Summary: "Enables a disabled user again.",
        Examples: ["users enable --org sunrise sunrise-coordinator"],
        Describe: s_userArgument);

    public static readonly CommandSpec SetRole = new(
        "users set-role", Required: [CliOptions.Org, CliOptions.Role], Optional: [],
        [new("users set-role --org <org> <user-id> --role Admin|Coordinator|SupportWorker", $"caps every key and connection of the user {IdentityBound}.\n" +
            "In an organization that signs in with Microsoft Entra ID, the user's Entra app role replaces it\n" +
            "at their next sign-in: change the assignment in Entra too")],
        SetRoleAsync,
        Arguments: ["<user-id>"],
        Summary: "Changes a user's role, which caps what their keys and connections may do.",
        Examples: ["users set-role --org sunrise sunrise-worker --role Coordinator"],
        Describe: s_userArgument);

    internal sealed record UserView(string Id, string Name, string Email, string Role, bool Disabled);

    private static async Task<int> ListAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        IReadOnlyList<User> users = await context.Get<IIdentityStore>().ListUsersAsync(organizationId, context.CancellationToken);
        UserView[] views = users.Select(u => new UserView(u.Id, u.DisplayName, u.Email, u.Role.ToString(), u.Disabled)).ToArray();

        return Output.List(
            context,
            views,
            $"No users in organization '{organizationId}'.",
            ["ID", "NAME", "EMAIL", "ROLE", "DISABLED"],
            u => [u.Id, u.Name, u.Email, u.Role, Output.YesNo(u.Disabled)]);
    }

    private static async Task<int> SetDisabledAsync(CommandContext context, bool disabled)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string userId = context.Arguments.Words[2];
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;
        if (await context.Get<IIdentityStore>().UpdateUserAsync(organizationId, userId, u => u with { Disabled = disabled }, context.CancellationToken) is not { } updated)
            return await UserNotFoundAsync(context, organizationId, userId);

        string who = $"user {userId} ({updated.After.DisplayName}) of {organizationId}";
        context.Output.WriteLine((updated.Changed, disabled) switch
        {
            (false, true) => $"The {who} was already disabled: nothing changed.",
            (false, false) => $"The {who} was already enabled: nothing changed.",
            (true, true) => $"Disabled the {who}: their access keys and OAuth connections are refused {IdentityBound}, and they cannot sign in.\n" +
                $"Nothing was revoked: 'users enable --org {organizationId} {userId}' restores them.",
            (true, false) => $"Enabled the {who}: their access keys and OAuth connections that were not revoked or expired work again {IdentityBound}.",
        });
        return ExitCodes.Success;
    }

    private static async Task<int> SetRoleAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string userId = context.Arguments.Words[2];
        string roleText = context.Arguments[CliOptions.Role]!;
        // By name only: Enum.TryParse would also take "2" or "Admin,Coordinator".
        string[] names = [.. Enum.GetNames<Role>().Reverse()];
        if (names.FirstOrDefault(n => string.Equals(n, roleText, StringComparison.OrdinalIgnoreCase)) is not { } name)
            return context.Usage($"--role '{roleText}' is not a role: use {string.Join(", ", names[..^1])} or {names[^1]}");
        Role role = Enum.Parse<Role>(name);

        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;
        IIdentityStore identities = context.Get<IIdentityStore>();
        if (await identities.UpdateUserAsync(organizationId, userId, u => u with { Role = role }, context.CancellationToken) is not { } updated)
            return await UserNotFoundAsync(context, organizationId, userId);

        TextWriter output = context.Output;
        string who = $"user {userId} ({updated.After.DisplayName}) of {organizationId}";
        if (!updated.Changed)
        {
            output.WriteLine($"The {who} is already {role}: nothing changed.");
        }
        else
        {
            output.WriteLine($"Changed the role of the {who} from {updated.Before.Role} to {role}.");
            string[] lost = RoleCeilings.For(updated.Before.Role).Except(RoleCeilings.For(role), StringComparer.Ordinal).ToArray();
            output.WriteLine(lost.Length > 0
                ? $"Their keys and connections lose {string.Join(", ", lost)} {IdentityBound}."
                : $"Their keys and connections are capped by the {role} role {IdentityBound}; none gains a scope it was not granted.");
        }

        Organization organization = (await identities.GetOrganizationAsync(organizationId, context.CancellationToken))!;
        output.WriteLine(organization.EntraTenantId is { } tenant
            ? $"Note: {organizationId} signs in with Microsoft Entra ID (tenant {tenant}). At the user's next sign-in their Entra app role\n" +
              "replaces this one: change their app role assignment in Entra to match, or this change lasts only until then."
            : $"{organizationId} has no Microsoft Entra tenant, so no sign-in changes the role back.");
        return ExitCodes.Success;
    }

    // The update found no such user; CheckUserAsync says so in the words every command uses.
    private static async Task<int> UserNotFoundAsync(CommandContext context, string organizationId, string userId) =>
        await context.CheckUserAsync(organizationId, userId) ?? context.Fail($"user '{userId}' was not found in organization '{organizationId}'");
}
