using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Participants;

/// <summary>How a participant's NDIS plan is managed.</summary>
public enum PlanManagement
{
    /// <summary>NDIA-managed.</summary>
    Agency,

    /// <summary>Managed by a registered plan manager.</summary>
    Plan,

    /// <summary>Self-managed.</summary>
    Self,
}

/// <summary>Australian states and territories.</summary>
public enum AustralianState
{
    ACT,
    NSW,
    NT,
    QLD,
    SA,
    TAS,
    VIC,
    WA,
}

public enum ParticipantStatus
{
    Active,
    Archived,
}

/// <summary>A postal address.</summary>
public sealed record Address(string? Street, string? Suburb, AustralianState? State, string? Postcode);

/// <summary>A person receiving supports under an NDIS plan.</summary>
public sealed record Participant(
    string Id,
    string NdisNumber,
    string GivenName,
    string FamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string? Email,
    string? Phone,
    Address? Address,
    DateOnly PlanStart,
    DateOnly PlanEnd,
    PlanManagement PlanManagement,
    string? PrimaryDisability,
    ParticipantStatus Status,
    Stamp Stamp,
    string Version)
{
    public const string IdPrefix = "pt";

    // Methods, not properties: a property is serialized with the record, and the tools would send every field three times.
    public ParticipantSummary ToSummary() => new(Id, NdisNumber, GivenName, FamilyName, PreferredName, PlanEnd, PlanManagement, Status);

    public ParticipantFields ToFields() => new(NdisNumber, GivenName, FamilyName, PreferredName, DateOfBirth, Email, Phone, Address, PlanStart, PlanEnd, PlanManagement, PrimaryDisability);
}

/// <summary>Everything about a participant a staff member writes (create takes all of it).</summary>
public sealed record ParticipantFields(
    string NdisNumber,
    string GivenName,
    string FamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string? Email,
    string? Phone,
    Address? Address,
    DateOnly PlanStart,
    DateOnly PlanEnd,
    PlanManagement PlanManagement,
    string? PrimaryDisability);

/// <summary>Changes to a participant: only the fields given change.</summary>
public sealed record ParticipantChanges(
    string? NdisNumber = null,
    string? GivenName = null,
    string? FamilyName = null,
    string? PreferredName = null,
    DateOnly? DateOfBirth = null,
    string? Email = null,
    string? Phone = null,
    Address? Address = null,
    DateOnly? PlanStart = null,
    DateOnly? PlanEnd = null,
    PlanManagement? PlanManagement = null,
    string? PrimaryDisability = null)
{
    public ParticipantFields ApplyTo(ParticipantFields current) => new(
        NdisNumber ?? current.NdisNumber,
        GivenName ?? current.GivenName,
        FamilyName ?? current.FamilyName,
        PreferredName ?? current.PreferredName,
        DateOfBirth ?? current.DateOfBirth,
        Email ?? current.Email,
        Phone ?? current.Phone,
        Address ?? current.Address,
        PlanStart ?? current.PlanStart,
        PlanEnd ?? current.PlanEnd,
        PlanManagement ?? current.PlanManagement,
        PrimaryDisability ?? current.PrimaryDisability);
}

/// <summary>A participant as lists show them: enough to choose one, read from the list's own index rows.</summary>
public sealed record ParticipantSummary(
    string Id,
    string NdisNumber,
    string GivenName,
    string FamilyName,
    string? PreferredName,
    DateOnly PlanEnd,
    PlanManagement PlanManagement,
    ParticipantStatus Status);

/// <summary>Which participants to list.</summary>
public enum ParticipantStatusFilter
{
    Active,
    Archived,
    All,
}

/// <summary>A participant listing: optional search (a name prefix, or a full NDIS number), status, plan end.</summary>
public sealed record ParticipantQuery(string? Search, ParticipantStatusFilter Status, DateOnly? PlanEndsBefore, int PageSize, string? Cursor);

/// <summary>Where participants are kept, per organization.</summary>
public interface IParticipantStore
{
    /// <summary>A page of summaries; <see cref="RecordFailure.Invalid"/> for a cursor this store did not issue.</summary>
    Task<RecordOutcome<RecordPage<ParticipantSummary>>> ListAsync(string organizationId, ParticipantQuery query, CancellationToken cancellationToken);

    Task<Participant?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>Stores a new participant; <see cref="RecordFailure.Duplicate"/> when its NDIS number is taken.</summary>
    Task<RecordOutcome<Participant>> AddAsync(string organizationId, Participant participant, CancellationToken cancellationToken);

    /// <summary>Replaces a participant if <paramref name="expectedVersion"/> is still current.</summary>
    Task<RecordOutcome<Participant>> ReplaceAsync(string organizationId, Participant current, Participant updated, string expectedVersion, CancellationToken cancellationToken);
}
