namespace FunctionsMcp.Cli;

/// <summary>
/// What each option means wherever a command does not say otherwise (<see cref="CommandSpec.Describe"/>): one table,
/// so <c>--org</c> reads the same in every command's help.
/// </summary>
internal static class OptionTexts
{
    public static readonly IReadOnlyDictionary<string, OptionHelp> Common = new Dictionary<string, OptionHelp>(StringComparer.Ordinal)
    {
        [CliOptions.Storage] = new("\"<connection string>\"",
            "The table storage to use, instead of Storage__ConnectionString or Storage__TableServiceUri (default: the local Azurite)."),
        [CliOptions.Url] = new("<base URL>", "The server's public base URL, instead of Server__BaseUrl (default: http://localhost:7071)."),
        [CliOptions.Help] = new(null, "Prints this help and does nothing else."),
        [CliOptions.Json] = new(null, "Prints JSON instead of a table, for scripts."),
        [CliOptions.Org] = new("<org>", "The organization's id ('orgs list' shows them; a tenant's organization id is its Entra tenant id)."),
        [CliOptions.User] = new("<user>", "The user's id within the organization ('users list --org <org>' shows them)."),
        [CliOptions.Name] = new("<name>", "A name people will recognise it by in lists and on the settings page (at most 100 characters)."),
        [CliOptions.Scopes] = new("a,b,...", "Comma-separated scopes, such as participants:read,goals:read (see the list at the end of 'fmcp --help')."),
        [CliOptions.Expires] = new("yyyy-MM-dd", "Ends it at 00:00 UTC on that day."),
        [CliOptions.ExpiresIn] = new("<N>d", "Ends it N days from now (1 to 3650), such as 90d."),
        [CliOptions.Day] = new("yyyy-MM-dd", "The day to read, in UTC (default: today)."),
        [CliOptions.Limit] = new("N", "At most N entries, from 1 to 1000 (default 50)."),
        [CliOptions.Key] = new("<key-id>", "An access key's or OAuth connection's id ('keys list' or 'grants list' shows them)."),
        [CliOptions.RedirectUri] = new("<uri>", "Where the client receives sign-ins: https, or http on a loopback address. Give it once for each URI."),
        [CliOptions.Client] = new("<client-id>", "An OAuth client's id ('grants list' shows the clients each connection belongs to)."),
        [CliOptions.Role] = new("Admin|Coordinator|SupportWorker", "The role: Admin (everything), Coordinator (reads and changes care data), SupportWorker (reads, and logs goal activities)."),
        [CliOptions.PerCredential] = new("N[/min]", "Requests a minute each key or connection may make (1 to 100000), or 'default' for the server's setting."),
        [CliOptions.PerOrganization] = new("N[/min]", "Requests a minute the whole organization may make (1 to 1000000), or 'default' for the server's setting."),
        [CliOptions.Clear] = new(null, "Both limits go back to the server's RateLimits settings."),
        [CliOptions.DryRun] = new(null, "Counts what would be deleted, and deletes nothing."),
    };
}
