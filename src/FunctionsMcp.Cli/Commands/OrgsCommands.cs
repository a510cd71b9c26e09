using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli.Commands;

/// <summary><c>orgs list</c>: every organization, whether it is suspended, and its rate-limit overrides.</summary>
internal static class OrgsCommands
{
    public static readonly CommandSpec List = new(
        "orgs list", Required: [], Optional: [CliOptions.Json],
        [new("orgs list", "id, name, suspended, rate-limit overrides")],
        ListAsync,
        Summary: "Lists every organization: id, name, whether it is suspended, and its rate-limit overrides.",
        Examples: ["orgs list", "orgs list --json                 # for scripts: one object per organization"]);

    /// <summary>An organization as printed; <c>null</c> limits use the server's defaults.</summary>
    internal sealed record OrganizationView(string Id, string Name, bool Suspended, int? RequestsPerMinutePerCredential, int? RequestsPerMinute);

    private static async Task<int> ListAsync(CommandContext context)
    {
        IReadOnlyList<Organization> organizations = await context.Get<IIdentityStore>().ListOrganizationsAsync(context.CancellationToken);
        OrganizationView[] views = organizations
            .Select(o => new OrganizationView(o.Id, o.Name, o.Suspended, o.RequestsPerMinutePerCredential, o.RequestsPerMinute))
            .ToArray();

        return Output.List(
            context,
            views,
            "No organizations.",
            ["ID", "NAME", "SUSPENDED", "RATE-LIMIT OVERRIDES"],
            o => [o.Id, o.Name, Output.YesNo(o.Suspended), Overrides(o)]);
    }

    private static string Overrides(OrganizationView organization)
    {
        var overrides = new List<string>();
        if (organization.RequestsPerMinutePerCredential is { } perCredential)
            overrides.Add($"{Output.Number(perCredential)}/min per credential");
        if (organization.RequestsPerMinute is { } perOrganization)
            overrides.Add($"{Output.Number(perOrganization)}/min for the organization");
        return overrides.Count == 0 ? "none" : string.Join(", ", overrides);
    }
}
