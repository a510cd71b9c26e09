using System.Globalization;
using FunctionsMcp.OAuth.Audit;

namespace FunctionsMcp.Cli.Commands;

/// <summary><c>audit tail</c>: an organization's requests on one day, or one credential's recent requests, newest first.</summary>
internal static class AuditCommands
{
    public static readonly CommandSpec Tail = new(
        "audit tail", Required: [], Optional: [CliOptions.Org, CliOptions.Key, CliOptions.Day, CliOptions.Limit, CliOptions.Json],
        [
            new("audit tail --org <org> [--day yyyy-MM-dd] [--limit N]", "newest first; default today (UTC), limit 50"),
            new("audit tail --key <key-id> [--limit N]", "that credential's recent requests"),
        ],
        TailAsync,
        Summary: "Shows the audit trail: an organization's requests on one day, or one credential's, newest first.",
        Examples:
        [
            "audit tail --org sunrise                           # today (UTC), the latest 50",
            "audit tail --org sunrise --day 2026-11-22 --limit 200",
            "audit tail --key 5bdpfws3zcbn4gdosena --json       # one key's recent requests",
        ],
        Describe: new Dictionary<string, OptionHelp>
        {
            [CliOptions.Org] = new("<org>", "The organization whose requests to show (not with --key)."),
            [CliOptions.Key] = new("<credential-id>", "One credential's requests instead: an access key's id ('keys list') or a connection's grant id ('grants list')."),
        });

    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;

    private static async Task<int> TailAsync(CommandContext context)
    {
        string? organizationId = context.Arguments[CliOptions.Org];
        string? credentialId = context.Arguments[CliOptions.Key];
        if ((organizationId is null) == (credentialId is null))
            return context.Usage("'audit tail' needs either --org <org> or --key <key-id>");
        if (credentialId is not null && context.Arguments.Has(CliOptions.Day))
            return context.Usage("--day applies to --org only: a credential's requests are read newest first across days");

        int limit = DefaultLimit;
        if (context.Arguments[CliOptions.Limit] is { } limitText
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            return context.Usage($"--limit '{limitText}' must be a whole number from 1 to {MaxLimit}");

        DateOnly day = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        if (context.Arguments[CliOptions.Day] is { } dayText
            && !DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return context.Usage($"--day '{dayText}' is not a date: use yyyy-MM-dd, such as 2026-11-22");

        IReadOnlyList<AuditEntry> entries;
        string nothing;
        if (organizationId is not null)
        {
            if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
                return notFound;
            entries = await context.Get<IAuditStore>().ReadOrganizationDayAsync(organizationId, day, limit, context.CancellationToken);
            nothing = $"No requests recorded for organization '{organizationId}' on {day:yyyy-MM-dd} (UTC).";
        }
        else
        {
            entries = await context.Get<IAuditStore>().ReadCredentialAsync(credentialId!, limit, context.CancellationToken);
            nothing = $"No requests recorded for credential '{credentialId}'.";
        }

        return Output.List(
            context,
            entries,
            nothing,
            ["TIME (UTC)", "ORG", "USER", "CREDENTIAL", "CLIENT", "METHOD", "TOOL", "OUTCOME", "STATUS", "MS"],
            e => [Output.Seconds(e.Time), e.OrganizationId, e.UserId, e.CredentialId, e.ClientId ?? "-", e.Method ?? "-", e.Tool ?? "-",
                e.Outcome, Output.Number(e.Status), Output.Number(e.LatencyMs)]);
    }
}
