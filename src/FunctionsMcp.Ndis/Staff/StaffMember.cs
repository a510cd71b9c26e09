using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Staff;

/// <summary>What a staff member does in the organization.</summary>
public enum StaffRole
{
    SupportWorker,
    Coordinator,
    TeamLeader,
    Nurse,
    AlliedHealth,
}

/// <summary>A member of the organization's staff. Read only through the tools.</summary>
public sealed record StaffMember(
    string Id,
    string GivenName,
    string FamilyName,
    StaffRole Role,
    string? Email,
    string? Phone,
    IReadOnlyList<string> Qualifications,
    bool Active)
{
    public const string IdPrefix = "st";

    // Records compare lists by reference; staff members compare by content.
    public bool Equals(StaffMember? other) =>
        other is not null && Id == other.Id && GivenName == other.GivenName && FamilyName == other.FamilyName && Role == other.Role
        && Email == other.Email && Phone == other.Phone && Qualifications.SequenceEqual(other.Qualifications) && Active == other.Active;

    public override int GetHashCode() => HashCode.Combine(Id, GivenName, FamilyName, Role);
}

/// <summary>A staff listing: an optional name prefix, a page size and the cursor of the previous page.</summary>
public sealed record StaffQuery(string? Search, int PageSize, string? Cursor);

/// <summary>Where staff are kept, per organization.</summary>
public interface IStaffStore
{
    /// <summary>A page of staff by family then given name; <see cref="RecordFailure.Invalid"/> for a bad cursor or an empty search.</summary>
    Task<RecordOutcome<RecordPage<StaffMember>>> ListAsync(string organizationId, StaffQuery query, CancellationToken cancellationToken);

    Task<StaffMember?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>Stores a staff member; <see cref="RecordFailure.Duplicate"/> when the id is taken.</summary>
    Task<RecordOutcome<StaffMember>> AddAsync(string organizationId, StaffMember member, CancellationToken cancellationToken);
}

/// <summary>Reading the organization's staff; another organization's ids are not found.</summary>
public sealed class StaffService(IStaffStore store)
{
    public Task<RecordOutcome<RecordPage<StaffMember>>> ListAsync(string organizationId, StaffQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(organizationId, query with { PageSize = Paging.Size(query.PageSize), Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim() }, cancellationToken);

    public async Task<RecordOutcome<StaffMember>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, StaffMember.IdPrefix) && await store.GetAsync(organizationId, id, cancellationToken) is { } found
            ? RecordOutcome<StaffMember>.Ok(found)
            : RecordOutcome<StaffMember>.NotFound($"staff member {id} was not found");
}
