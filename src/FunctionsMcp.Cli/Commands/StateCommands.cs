using FunctionsMcp.OAuth.Authorization;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>state prune</c>: deletes the authorization server's state nothing can use any more, through the same
/// <see cref="StatePruning"/> the app's <c>prune-state</c> timer runs every 15 minutes. The timer deletes a bounded batch
/// of each kind a run; here an administrator asked, so every row found is deleted (or, with <c>--dry-run</c>, counted).
/// </summary>
internal static class StateCommands
{
    public static readonly CommandSpec Prune = new(
        "state prune", Required: [], Optional: [CliOptions.DryRun, CliOptions.Json],
        [new("state prune [--dry-run]", "deletes expired sign-in requests, expired codes (used or not), expired refresh tokens,\n" +
            "expired client assertion ids (jti), dynamic registrations nobody allowed within\n" +
            "OAuthClients:UnusedRegistrationLifetime, and expired settings sessions; prints how many of each.\n" +
            "In Azure the prune-state timer does the same every 15 minutes. --dry-run counts without deleting")],
        PruneAsync,
        Summary: "Deletes the OAuth state nothing can use any more, as the server's timer does.",
        Examples: ["state prune --dry-run    # counts what would go", "state prune"]);

    /// <summary>What one run found, with whether it deleted it.</summary>
    internal sealed record PruneView(bool DryRun, PruneResult Rows);

    private static async Task<int> PruneAsync(CommandContext context)
    {
        bool dryRun = context.Arguments.Has(CliOptions.DryRun);
        PruneResult rows = await context.Get<StatePruning>().RunAsync(int.MaxValue, dryRun ? PruneMode.Count : PruneMode.Delete, context.CancellationToken);
        if (context.Json)
        {
            Output.Json(context.Output, new PruneView(dryRun, rows));
            return ExitCodes.Success;
        }

        context.Output.WriteLine(dryRun ? "Dry run: nothing was deleted. These rows would be:" : "Deleted:");
        Output.Table(
            context.Output,
            ["KIND", "ROWS"],
            [
                ["sign-in requests that expired unfinished", Output.Number(rows.SignInRequests)],
                ["authorization codes past their expiry, used or not", Output.Number(rows.AuthorizationCodes)],
                ["refresh tokens past their expiry, rotated or not", Output.Number(rows.RefreshTokens)],
                ["client assertion ids (jti) past their expiry", Output.Number(rows.AssertionIds)],
                ["dynamic registrations nobody allowed in time", Output.Number(rows.ClientRegistrations)],
                ["settings sessions that expired", Output.Number(rows.SettingsSessions)],
                ["total", Output.Number(rows.Total)],
            ]);
        return ExitCodes.Success;
    }
}
