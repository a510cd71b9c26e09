using System.Globalization;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>orgs list</c>, <c>orgs suspend</c>, <c>orgs resume</c> and <c>orgs set-limits</c>. Every <c>/mcp</c> request reads
/// its credential's organization (suspension and limit overrides) through the app's <see cref="IdentityCache"/>, so a change
/// here applies within that cache's bound on every instance (<see cref="UsersCommands.IdentityBound"/>).
/// </summary>
internal static class OrgsCommands
{
    public static readonly CommandSpec List = new(
        "orgs list", Required: [], Optional: [CliOptions.Json],
        [new("orgs list", "id, name, suspended, rate-limit overrides")],
        ListAsync,
        Summary: "Lists every organization: id, name, whether it is suspended, and its rate-limit overrides.",
        Examples: ["orgs list", "orgs list --json                 # for scripts: one object per organization"]);

    public static readonly CommandSpec Suspend = new(
        "orgs suspend", Required: [CliOptions.Org], Optional: [],
        [new("orgs suspend --org <org>", $"every key and OAuth connection of its users is refused (401) {UsersCommands.IdentityBound},\n" +
            "and its users cannot sign in; nothing is revoked, so 'orgs resume' restores them")],
        context => SetSuspendedAsync(context, suspended: true),
        Summary: "Suspends an organization: its users' keys and connections are refused within 5 seconds.",
        Examples: ["orgs suspend --org sunrise"]);

    public static readonly CommandSpec Resume = new(
        "orgs resume", Required: [CliOptions.Org], Optional: [],
        [new("orgs resume --org <org>", "its keys and connections that were not revoked or expired meanwhile work again")],
        context => SetSuspendedAsync(context, suspended: false),
        Summary: "Resumes a suspended organization.",
        Examples: ["orgs resume --org sunrise"]);

    public static readonly CommandSpec SetLimits = new(
        "orgs set-limits", Required: [CliOptions.Org], Optional: [CliOptions.PerCredential, CliOptions.PerOrganization, CliOptions.Clear],
        [new("orgs set-limits --org <org> [--per-credential N] [--per-organization N] [--clear]",
            "requests a minute (N or N/min) for each key or connection, and for the organization in all;\n" +
            "'default' for one, or --clear for both, goes back to the server's RateLimits settings")],
        SetLimitsAsync,
        Summary: "Sets an organization's own rate limits, in requests a minute.",
        Examples:
        [
            "orgs set-limits --org sunrise --per-credential 60/min    # each key or connection",
            "orgs set-limits --org sunrise --per-organization 600 --per-credential default",
            "orgs set-limits --org sunrise --clear    # back to the server's RateLimits settings",
        ]);

    /// <summary>Resets an override to the server's setting.</summary>
    private const string Default = "default";
    private const string PerMinute = "/min";

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
            o => [o.Id, o.Name, Output.YesNo(o.Suspended), Overrides(o.RequestsPerMinutePerCredential, o.RequestsPerMinute)]);
    }

    private static async Task<int> SetSuspendedAsync(CommandContext context, bool suspended)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        if (await Update(context, organizationId, o => o with { Suspended = suspended }) is not { } updated)
            return await NotFoundAsync(context, organizationId);

        string which = $"organization {organizationId} ({updated.After.Name})";
        context.Output.WriteLine((updated.Changed, suspended) switch
        {
            (false, true) => $"The {which} was already suspended: nothing changed.",
            (false, false) => $"The {which} was not suspended: nothing changed.",
            (true, true) => $"Suspended the {which}: every access key and OAuth connection of its users is refused {UsersCommands.IdentityBound},\n" +
                $"and its users cannot sign in. Nothing was revoked: 'orgs resume --org {organizationId}' restores them.",
            (true, false) => $"Resumed the {which}: its access keys and OAuth connections that were not revoked or expired work again {UsersCommands.IdentityBound}.",
        });
        return ExitCodes.Success;
    }

    private static async Task<int> SetLimitsAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string? perCredentialText = context.Arguments[CliOptions.PerCredential];
        string? perOrganizationText = context.Arguments[CliOptions.PerOrganization];
        bool clear = context.Arguments.Has(CliOptions.Clear);
        if (clear && (perCredentialText ?? perOrganizationText) is not null)
            return context.Usage("--clear resets both limits: give it alone, or reset one with --per-credential default or --per-organization default");
        if (!clear && perCredentialText is null && perOrganizationText is null)
            return context.Usage("'orgs set-limits' needs --per-credential, --per-organization or --clear");

        (Limit? perCredential, string? problem) = ParseLimit(CliOptions.PerCredential, perCredentialText, RateLimitOptions.MaxPerCredential);
        if (problem is not null)
            return context.Usage(problem);
        (Limit? perOrganization, problem) = ParseLimit(CliOptions.PerOrganization, perOrganizationText, RateLimitOptions.MaxPerOrganization);
        if (problem is not null)
            return context.Usage(problem);
        if (clear)
            (perCredential, perOrganization) = (new Limit(null), new Limit(null));

        Updated<Organization>? updated = await Update(context, organizationId, o => o with
        {
            RequestsPerMinutePerCredential = perCredential is null ? o.RequestsPerMinutePerCredential : perCredential.Value,
            RequestsPerMinute = perOrganization is null ? o.RequestsPerMinute : perOrganization.Value,
        });
        if (updated is null)
            return await NotFoundAsync(context, organizationId);

        Organization after = updated.After;
        var defaults = new RateLimitOptions();
        TextWriter output = context.Output;
        output.WriteLine(updated.Changed
            ? $"Set the rate limits of organization {organizationId} ({after.Name}); {UsersCommands.IdentityBound} they are:"
            : $"The rate limits of organization {organizationId} ({after.Name}) were already these: nothing changed.");
        output.WriteLine("  per credential:       " + Describe(after.RequestsPerMinutePerCredential,
            nameof(RateLimitOptions.RequestsPerMinutePerCredential), defaults.RequestsPerMinutePerCredential));
        output.WriteLine("  for the organization: " + Describe(after.RequestsPerMinute,
            nameof(RateLimitOptions.RequestsPerMinutePerOrganization), defaults.RequestsPerMinutePerOrganization));
        return ExitCodes.Success;
    }

    /// <summary>"120 requests a minute", or which server setting applies when there is no override.</summary>
    private static string Describe(int? limit, string setting, int defaultValue) => limit is { } value
        ? $"{Output.Number(value)} requests a minute"
        : $"the server's {RateLimitOptions.Section}:{setting} ({Output.Number(defaultValue)} unless set)";

    /// <summary>A limit to set: a number of requests a minute, or null to use the server's setting.</summary>
    private sealed record Limit(int? Value);

    /// <summary>N, N/min or "default"; null when the option was not given.</summary>
    private static (Limit? Limit, string? Problem) ParseLimit(string option, string? text, int max)
    {
        if (text is null)
            return (null, null);
        if (string.Equals(text, Default, StringComparison.OrdinalIgnoreCase))
            return (new Limit(null), null);
        string number = text.EndsWith(PerMinute, StringComparison.OrdinalIgnoreCase) ? text[..^PerMinute.Length] : text;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= max
            ? (new Limit(value), null)
            : (null, $"--{option} '{text}' must be a whole number of requests a minute from 1 to {Output.Number(max)} (such as 120 or 120/min), or '{Default}'");
    }

    // The update found no such organization; CheckOrganizationAsync says so in the words every command uses.
    private static async Task<int> NotFoundAsync(CommandContext context, string organizationId) =>
        await context.CheckOrganizationAsync(organizationId) ?? context.Fail($"organization '{organizationId}' was not found");

    private static Task<Updated<Organization>?> Update(CommandContext context, string organizationId, Func<Organization, Organization> change) =>
        context.Get<IIdentityStore>().UpdateOrganizationAsync(organizationId, change, context.CancellationToken);

    private static string Overrides(int? perCredential, int? perOrganization)
    {
        var overrides = new List<string>();
        if (perCredential is { } credential)
            overrides.Add($"{Output.Number(credential)}/min per credential");
        if (perOrganization is { } organization)
            overrides.Add($"{Output.Number(organization)}/min for the organization");
        return overrides.Count == 0 ? "none" : string.Join(", ", overrides);
    }
}
