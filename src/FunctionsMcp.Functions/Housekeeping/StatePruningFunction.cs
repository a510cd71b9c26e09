using FunctionsMcp.OAuth.Authorization;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Housekeeping;

/// <summary>
/// Table Storage has no time-to-live, so expired sign-in requests, codes, refresh-token state, assertion ids,
/// registrations nobody allowed and settings sessions are deleted here every 15 minutes, at most <see cref="MaxRowsPerKind"/> of each kind a
/// run (a backlog clears over several runs). Each delete is ETag-checked, so a run that overlaps another instance's run
/// deletes nothing twice and a repeated run is a no-op.
/// </summary>
public sealed class StatePruningFunction(StatePruning pruning)
{
    public const int MaxRowsPerKind = 500;

    [Function("prune-state")]
    public Task Run([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        pruning.RunAsync(MaxRowsPerKind, cancellationToken);
}
