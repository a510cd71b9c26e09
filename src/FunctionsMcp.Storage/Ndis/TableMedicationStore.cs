using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Medications;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// A medication row. The same columns are stored twice, in one transaction: under <c>m_&lt;participantId&gt;_&lt;id&gt;</c>
/// (a participant's medications are one range read) and under <c>id_&lt;id&gt;</c> (a get by id is one point read).
/// </summary>
internal sealed class MedicationEntity : StoredEntity
{
    public string MedicationId { get; set; } = string.Empty;
    public string ParticipantId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Dose { get; set; } = string.Empty;
    public MedicationRoute Route { get; set; }
    public string Frequency { get; set; } = string.Empty;
    public string Prescriber { get; set; } = string.Empty;
    public string StartDate { get; set; } = string.Empty;
    public string? EndDate { get; set; }
    public string? Notes { get; set; }

    public static MedicationEntity From(string organizationId, string rowKey, Medication m) => new()
    {
        PartitionKey = organizationId,
        RowKey = rowKey,
        MedicationId = m.Id,
        ParticipantId = m.ParticipantId,
        Name = m.Name,
        Dose = m.Dose,
        Route = m.Route,
        Frequency = m.Frequency,
        Prescriber = m.Prescriber,
        StartDate = IsoDate.Format(m.StartDate),
        EndDate = m.EndDate is { } end ? IsoDate.Format(end) : null,
        Notes = m.Notes,
    };

    public Medication ToMedication() => new(
        MedicationId, ParticipantId, Name, Dose, Route, Frequency, Prescriber, IsoDate.Parse(StartDate), EndDate is null ? null : IsoDate.Parse(EndDate), Notes);
}

/// <summary>Row keys of the <c>medications</c> table (PK: organization id).</summary>
internal static class MedicationKeys
{
    public static string ByParticipantPrefix(string participantId) => $"m_{participantId}_";

    public static string ByParticipant(Medication m) => ByParticipantPrefix(m.ParticipantId) + m.Id;

    public static string ById(string id) => "id_" + id;
}

/// <summary>Medications in Table Storage, one partition per organization.</summary>
internal sealed class TableMedicationStore(TableProvider tables) : IMedicationStore
{
    public async Task<RecordOutcome<RecordPage<Medication>>> ListAsync(string organizationId, string participantId, int pageSize, string? cursor, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Medications, cancellationToken);
        return await RangePager.ReadAsync<MedicationEntity, Medication>(
            table, organizationId, [KeyRange.Prefix(MedicationKeys.ByParticipantPrefix(participantId))], pageSize, cursor,
            _ => true, row => row.ToMedication(), cancellationToken);
    }

    public async Task<Medication?> GetAsync(string organizationId, string id, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Medications, cancellationToken);
        return (await table.FindAsync<MedicationEntity>(organizationId, MedicationKeys.ById(id), cancellationToken: cancellationToken))?.ToMedication();
    }

    public async Task<RecordOutcome<Medication>> AddAsync(string organizationId, Medication medication, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Medications, cancellationToken);
        try
        {
            await TableBatches.SubmitAtomicAsync(table,
            [
                new(TableTransactionActionType.Add, MedicationEntity.From(organizationId, MedicationKeys.ById(medication.Id), medication)),
                new(TableTransactionActionType.Add, MedicationEntity.From(organizationId, MedicationKeys.ByParticipant(medication), medication)),
            ], cancellationToken);
            return RecordOutcome<Medication>.Ok(medication);
        }
        catch (TableTransactionFailedException ex) when (ex.Failure == TableFailure.AlreadyExists)
        {
            return RecordOutcome<Medication>.Duplicate("id", $"medication {medication.Id} already exists");
        }
    }
}
