using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Participants;

public sealed record ListParticipantsParameters(
    [property: Description("A name prefix ('ngu', 'Ava Ng'; case and accents ignored) or a full 9-digit NDIS number.")][property: StringLength(100)] string? Search = null,
    [property: Description("active (default), archived or all.")] ParticipantStatusFilter? Status = null,
    [property: Description("Only participants whose plan ends before this date (yyyy-MM-dd), soonest first.")] DateOnly? PlanEndsBefore = null,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record ParticipantIdParameters(
    [property: Description("The participant's id, as returned by list_participants (pt_…).")][property: StringLength(40)] string Id);

public sealed record VersionedParticipantParameters(
    [property: Description("The participant's id (pt_…).")][property: StringLength(40)] string Id,
    [property: Description("The version from the latest get_participant or update; a stale one is refused.")][property: StringLength(200)] string Version);

public sealed record AddressParameters(
    [property: Description("Street address.")][property: StringLength(200)] string? Street = null,
    [property: Description("Suburb or town.")][property: StringLength(100)] string? Suburb = null,
    [property: Description("State or territory.")] AustralianState? State = null,
    [property: Description("4-digit postcode.")][property: RegularExpression("^[0-9]{4}$")] string? Postcode = null)
{
    public Address ToAddress() => new(Street, Suburb, State, Postcode);
}

public sealed record CreateParticipantParameters(
    [property: Description("NDIS number: 9 digits starting with 43, unique in your organization.")][property: RegularExpression("^43[0-9]{7}$")] string NdisNumber,
    [property: Description("Given (first) name.")][property: StringLength(100, MinimumLength = 1)] string GivenName,
    [property: Description("Family (last) name.")][property: StringLength(100, MinimumLength = 1)] string FamilyName,
    [property: Description("Date of birth (yyyy-MM-dd), in the past.")] DateOnly DateOfBirth,
    [property: Description("First day of the current NDIS plan (yyyy-MM-dd).")] DateOnly PlanStart,
    [property: Description("Last day of the current NDIS plan (yyyy-MM-dd), after plan_start.")] DateOnly PlanEnd,
    [property: Description("How the plan is managed: agency, plan or self.")] PlanManagement PlanManagement,
    [property: Description("The name the participant likes to be called.")][property: StringLength(100)] string? PreferredName = null,
    [property: Description("Email address.")][property: StringLength(254)] string? Email = null,
    [property: Description("Phone number.")][property: StringLength(30)] string? Phone = null,
    [property: Description("Postal address.")] AddressParameters? Address = null,
    [property: Description("Primary disability, as recorded in the plan.")][property: StringLength(200)] string? PrimaryDisability = null)
{
    public ParticipantFields ToFields() => new(NdisNumber, GivenName, FamilyName, PreferredName, DateOfBirth, Email, Phone, Address?.ToAddress(), PlanStart, PlanEnd, PlanManagement, PrimaryDisability);
}

public sealed record UpdateParticipantParameters(
    [property: Description("The participant's id (pt_…).")][property: StringLength(40)] string Id,
    [property: Description("The version from the latest get_participant or update; a stale one is refused.")][property: StringLength(200)] string Version,
    [property: Description("New NDIS number (9 digits starting with 43).")][property: RegularExpression("^43[0-9]{7}$")] string? NdisNumber = null,
    [property: Description("New given name.")][property: StringLength(100, MinimumLength = 1)] string? GivenName = null,
    [property: Description("New family name.")][property: StringLength(100, MinimumLength = 1)] string? FamilyName = null,
    [property: Description("New preferred name.")][property: StringLength(100)] string? PreferredName = null,
    [property: Description("Corrected date of birth (yyyy-MM-dd).")] DateOnly? DateOfBirth = null,
    [property: Description("New email address.")][property: StringLength(254)] string? Email = null,
    [property: Description("New phone number.")][property: StringLength(30)] string? Phone = null,
    [property: Description("New postal address (replaces the whole address).")] AddressParameters? Address = null,
    [property: Description("New plan start (yyyy-MM-dd).")] DateOnly? PlanStart = null,
    [property: Description("New plan end (yyyy-MM-dd).")] DateOnly? PlanEnd = null,
    [property: Description("New plan management: agency, plan or self.")] PlanManagement? PlanManagement = null,
    [property: Description("New primary disability.")][property: StringLength(200)] string? PrimaryDisability = null)
{
    public ParticipantChanges ToChanges() => new(NdisNumber, GivenName, FamilyName, PreferredName, DateOfBirth, Email, Phone, Address?.ToAddress(), PlanStart, PlanEnd, PlanManagement, PrimaryDisability);
}

/// <summary>The participant model: one definition behind the typed participant tools and the generic tools.</summary>
public static class ParticipantModel
{
    public const string Name = "participant";

    public static ModelDefinition Create() => new(Name, "People receiving supports under an NDIS plan: identity, contact, plan dates and management.",
    [
        new(Name, "list", "list_participants", "List participants",
            "Lists participants a page at a time, by name; search by name prefix or NDIS number, filter by status or by plan ending before a date (to find plans due for review). Returns summaries; use get_participant for a full record and its version.",
            Scopes.ParticipantsRead, typeof(ListParticipantsParameters), typeof(RecordPage<ParticipantSummary>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_participant", "Get a participant",
            "Gets one participant's full record, including the version needed to update, archive or restore it.",
            Scopes.ParticipantsRead, typeof(ParticipantIdParameters), typeof(Participant), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((ParticipantIdParameters)p).Id, ct))),
        new(Name, "create", "create_participant", "Create a participant",
            "Adds a participant to your organization. The NDIS number must be new to your organization. Returns the record with its version.",
            Scopes.ParticipantsWrite, typeof(CreateParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) => Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, ((CreateParticipantParameters)p).ToFields(), ct))),
        new(Name, "update", "update_participant", "Update a participant",
            "Changes the given fields of a participant; fields left out stay as they are. Needs the current version: if it is refused as stale, get the participant again and retry.",
            Scopes.ParticipantsWrite, typeof(UpdateParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateParticipantParameters)p;
                return Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
        new(Name, "archive", "archive_participant", "Archive a participant",
            "Archives a participant who no longer receives supports (a soft delete: restore_participant undoes it). Needs the current version.",
            Scopes.ParticipantsWrite, typeof(VersionedParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var target = (VersionedParticipantParameters)p;
                return Run(call, s => s.ArchiveAsync(call.Principal.OrganizationId, call.Principal.UserId, target.Id, target.Version, ct));
            }),
        new(Name, "restore", "restore_participant", "Restore a participant",
            "Restores an archived participant to the active list. Needs the current version.",
            Scopes.ParticipantsWrite, typeof(VersionedParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var target = (VersionedParticipantParameters)p;
                return Run(call, s => s.RestoreAsync(call.Principal.OrganizationId, call.Principal.UserId, target.Id, target.Version, ct));
            }),
    ]);

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListParticipantsParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new ParticipantQuery(list.Search, list.Status ?? ParticipantStatusFilter.Active, list.PlanEndsBefore, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return await Run(call, s => s.ListAsync(call.Principal.OrganizationId, query, cancellationToken));
    }

    private static async Task<OperationResult> Run<T>(ModelCall call, Func<ParticipantService, Task<RecordOutcome<T>>> action) where T : class =>
        OperationResult.From(await action(call.Services.GetRequiredService<ParticipantService>()));
}
