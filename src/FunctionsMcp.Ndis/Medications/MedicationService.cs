using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Medications;

/// <summary>
/// Reading medications. A participant's list is served only when the participant is in the caller's organization,
/// and an id from another organization is simply not found.
/// </summary>
public sealed class MedicationService(IMedicationStore store, IParticipantStore participants)
{
    public async Task<RecordOutcome<RecordPage<Medication>>> ListAsync(string organizationId, string participantId, int? pageSize, string? cursor, CancellationToken cancellationToken)
    {
        if (!RecordIds.IsWellFormed(participantId, Participant.IdPrefix) || await participants.GetAsync(organizationId, participantId, cancellationToken) is null)
            return RecordOutcome<RecordPage<Medication>>.NotFound($"participant {participantId} was not found");
        return await store.ListAsync(organizationId, participantId, Paging.Size(pageSize), cursor, cancellationToken);
    }

    public async Task<RecordOutcome<Medication>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, Medication.IdPrefix) && await store.GetAsync(organizationId, id, cancellationToken) is { } found
            ? RecordOutcome<Medication>.Ok(found)
            : RecordOutcome<Medication>.NotFound($"medication {id} was not found");
}
