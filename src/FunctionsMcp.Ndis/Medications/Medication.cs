using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Medications;

/// <summary>How a medication is taken.</summary>
public enum MedicationRoute
{
    Oral,
    Sublingual,
    Topical,
    Transdermal,
    Inhaled,
    Subcutaneous,
    Intramuscular,
    Rectal,
    Enteral,
    Other,
}

/// <summary>A medication a participant takes, as recorded from the prescriber's chart. Read only through the tools.</summary>
public sealed record Medication(
    string Id,
    string ParticipantId,
    string Name,
    string Dose,
    MedicationRoute Route,
    string Frequency,
    string Prescriber,
    DateOnly StartDate,
    DateOnly? EndDate,
    string? Notes)
{
    public const string IdPrefix = "md";
}

/// <summary>Where medications are kept, per organization and participant.</summary>
public interface IMedicationStore
{
    /// <summary>A page of one participant's medications; <see cref="RecordFailure.Invalid"/> for a cursor this store did not issue.</summary>
    Task<RecordOutcome<RecordPage<Medication>>> ListAsync(string organizationId, string participantId, int pageSize, string? cursor, CancellationToken cancellationToken);

    Task<Medication?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>Stores a medication; <see cref="RecordFailure.Duplicate"/> when its id is taken (so loading demo data again changes nothing).</summary>
    Task<RecordOutcome<Medication>> AddAsync(string organizationId, Medication medication, CancellationToken cancellationToken);
}
