using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli.Commands;

/// <summary><c>users list</c>: an organization's staff, their roles, and whether they are disabled.</summary>
internal static class UsersCommands
{
    public static readonly CommandSpec List = new(
        "users list", Required: [CliOptions.Org], Optional: [CliOptions.Json],
        [new("users list --org <org>", "id, name, email, role, disabled")],
        ListAsync);

    internal sealed record UserView(string Id, string Name, string Email, string Role, bool Disabled);

    private static async Task<int> ListAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        IReadOnlyList<User> users = await context.Get<IIdentityStore>().ListUsersAsync(organizationId, context.CancellationToken);
        UserView[] views = users.Select(u => new UserView(u.Id, u.DisplayName, u.Email, u.Role.ToString(), u.Disabled)).ToArray();

        if (context.Json)
            Output.Json(context.Output, views);
        else if (views.Length == 0)
            context.Output.WriteLine($"No users in organization '{organizationId}'.");
        else
            Output.Table(context.Output, ["ID", "NAME", "EMAIL", "ROLE", "DISABLED"], views.Select(u => (IReadOnlyList<string>)[u.Id, u.Name, u.Email, u.Role, Output.YesNo(u.Disabled)]));
        return ExitCodes.Success;
    }
}
