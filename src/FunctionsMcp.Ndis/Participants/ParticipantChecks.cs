using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Participants;

/// <summary>
/// The participant checks every record that belongs to a participant (goal, care plan, funding line) makes:
/// the participant is in the caller's organization, and is active before its records change.
/// </summary>
public static class ParticipantChecks
{
    /// <summary>The participant, or null for an id of the wrong shape, an unknown id, or another organization's.</summary>
    public static async Task<Participant?> FindAsync(this IParticipantStore store, string organizationId, string? participantId, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(participantId, Participant.IdPrefix) ? await store.GetAsync(organizationId, participantId!, cancellationToken) : null;

    /// <summary>Null when the participant exists and is active; otherwise why its <paramref name="records"/> may not change.</summary>
    public static async Task<RecordOutcome<T>?> RequireActiveAsync<T>(this IParticipantStore store, string organizationId, string participantId, string records, CancellationToken cancellationToken)
        where T : class
    {
        Participant? participant = await store.FindAsync(organizationId, participantId, cancellationToken);
        if (participant is null)
            return RecordOutcome<T>.NotFound(NotFound(participantId));
        if (participant.Status == ParticipantStatus.Archived)
            return RecordOutcome<T>.Invalid([new FieldError("participant_id", $"participant {participantId} is archived: restore it before changing its {records}")]);
        return null;
    }

    public static string NotFound(string participantId) => $"participant {participantId} was not found";
}
