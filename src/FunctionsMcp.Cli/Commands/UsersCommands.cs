using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli.Commands;

/// <summary><c>users list</c>: an organization's staff, their roles, and whether they are disabled.</summary>
internal static class UsersCommands
{
    public static readonly CommandSpec List = new(
        "users list", Required: [CliOptions.Org], Optional: [CliOptions.Json],
        [new("users list --org <org>", "id, name, email, role, disabled")],
        ListAsync,
        Summary: "Lists an organization's users: id, name, email, role, and whether they are disabled.",
        Examples: ["users list --org sunrise", "users list --org sunrise --json"]);

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
}
