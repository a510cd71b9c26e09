using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.CarePlans;

/// <summary>
/// Where a care plan is in its life: drafted, in force, being revised while still in force, or replaced.
/// A participant has at most one current plan (active or under review) at a time; superseded is final.
/// </summary>
public enum CarePlanStatus
{
    Draft,
    Active,
    UnderReview,
    Superseded,
}

public enum RiskLevel
{
    Low,
    Medium,
    High,
}

/// <summary>A support the plan provides: a catalogue item, how often, and who delivers it.</summary>
public sealed record CarePlanSupport(string ItemNumber, string Frequency, string Provider, string? Notes);

/// <summary>A known risk to the participant and how staff manage it.</summary>
public sealed record CarePlanRisk(string Description, RiskLevel Level, string Mitigation);

/// <summary>How the provider supports a participant: the plan staff work from, reviewed on a date.</summary>
public sealed record CarePlan(
    string Id,
    string ParticipantId,
    CarePlanStatus Status,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string Summary,
    IReadOnlyList<CarePlanSupport> Supports,
    IReadOnlyList<CarePlanRisk> Risks,
    DateOnly? ReviewDate,
    Stamp Stamp,
    string Version)
{
    public const string IdPrefix = "cp";

    /// <summary>The writable fields (a method, not a property, so a record is never serialized twice over).</summary>
    public CarePlanFields ToFields() => new(Status, EffectiveFrom, EffectiveTo, Summary, Supports, Risks, ReviewDate);

    /// <summary>True while the plan is the one in force: active, or under review.</summary>
    public static bool IsCurrent(CarePlanStatus status) => status is CarePlanStatus.Active or CarePlanStatus.UnderReview;
}

/// <summary>Everything about a care plan a coordinator writes (create takes all of it).</summary>
public sealed record CarePlanFields(
    CarePlanStatus Status,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string Summary,
    IReadOnlyList<CarePlanSupport> Supports,
    IReadOnlyList<CarePlanRisk> Risks,
    DateOnly? ReviewDate);

/// <summary>Changes to a care plan: only the fields given change; a list given replaces the whole list.</summary>
public sealed record CarePlanChanges(
    CarePlanStatus? Status = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveTo = null,
    string? Summary = null,
    IReadOnlyList<CarePlanSupport>? Supports = null,
    IReadOnlyList<CarePlanRisk>? Risks = null,
    DateOnly? ReviewDate = null)
{
    public CarePlanFields ApplyTo(CarePlanFields current) => new(
        Status ?? current.Status,
        EffectiveFrom ?? current.EffectiveFrom,
        EffectiveTo ?? current.EffectiveTo,
        Summary ?? current.Summary,
        Supports ?? current.Supports,
        Risks ?? current.Risks,
        ReviewDate ?? current.ReviewDate);
}

/// <summary>A participant's care plans, optionally of one status.</summary>
public sealed record CarePlanQuery(string ParticipantId, CarePlanStatus? Status, int PageSize, string? Cursor);

/// <summary>Where care plans are kept, per organization.</summary>
public interface ICarePlanStore
{
    /// <summary>A page of one participant's care plans; <see cref="RecordFailure.Invalid"/> for a cursor this store did not issue.</summary>
    Task<RecordOutcome<RecordPage<CarePlan>>> ListAsync(string organizationId, CarePlanQuery query, CancellationToken cancellationToken);

    Task<CarePlan?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>Adds a plan; <see cref="RecordFailure.Duplicate"/> when it is current and the participant already has a current plan.</summary>
    Task<RecordOutcome<CarePlan>> AddAsync(string organizationId, CarePlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a plan if <paramref name="expectedVersion"/> is still current, keeping "one current plan per participant"
    /// in the same transaction: <see cref="RecordFailure.Duplicate"/> when another plan is already current.
    /// </summary>
    Task<RecordOutcome<CarePlan>> ReplaceAsync(string organizationId, CarePlan current, CarePlan updated, string expectedVersion, CancellationToken cancellationToken);
}
