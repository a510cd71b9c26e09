using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Participants;

public sealed record ListParticipantsParameters(
    [property: Description("A name prefix (case and accents ignored) or a full NDIS number.")][property: StringLength(100)] string? Search = null,
    [property: DefaultValue(ParticipantStatusFilter.Active)] ParticipantStatusFilter? Status = null,
    [property: Description("Only plans ending before this date, soonest first.")] DateOnly? PlanEndsBefore = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record ParticipantIdParameters(
    string Id);

public sealed record VersionedParticipantParameters(
    string Id,
    string Version);

public sealed record AddressParameters(
    [property: StringLength(200)] string? Street = null,
    [property: StringLength(100)] string? Suburb = null,
    AustralianState? State = null,
    [property: RegularExpression("^[0-9]{4}$")] string? Postcode = null)
{
    public Address ToAddress() => new(Street, Suburb, State, Postcode);
}

public sealed record CreateParticipantParameters(
    [property: RegularExpression("^43[0-9]{7}$")] string NdisNumber,
    [property: StringLength(100, MinimumLength = 1)] string GivenName,
    [property: StringLength(100, MinimumLength = 1)] string FamilyName,
    DateOnly DateOfBirth,
    DateOnly PlanStart,
    DateOnly PlanEnd,
    PlanManagement PlanManagement,
    [property: StringLength(100)] string? PreferredName = null,
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(30)] string? Phone = null,
    AddressParameters? Address = null,
    [property: StringLength(200)] string? PrimaryDisability = null)
{
    public ParticipantFields ToFields() => new(NdisNumber, GivenName, FamilyName, PreferredName, DateOfBirth, Email, Phone, Address?.ToAddress(), PlanStart, PlanEnd, PlanManagement, PrimaryDisability);
}

public sealed record UpdateParticipantParameters(
    string Id,
    string Version,
    [property: RegularExpression("^43[0-9]{7}$")] string? NdisNumber = null,
    [property: StringLength(100, MinimumLength = 1)] string? GivenName = null,
    [property: StringLength(100, MinimumLength = 1)] string? FamilyName = null,
    [property: StringLength(100)] string? PreferredName = null,
    DateOnly? DateOfBirth = null,
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(30)] string? Phone = null,
    AddressParameters? Address = null,
    DateOnly? PlanStart = null,
    DateOnly? PlanEnd = null,
    PlanManagement? PlanManagement = null,
    [property: StringLength(200)] string? PrimaryDisability = null)
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
            "Finds participants by name prefix or NDIS number, or with a plan ending before a date. Returns a page of summaries.",
            Scopes.ParticipantsRead, typeof(ListParticipantsParameters), typeof(RecordPage<ParticipantSummary>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_participant", "Get a participant",
            "Gets one participant's full record, with the version that changes need.",
            Scopes.ParticipantsRead, typeof(ParticipantIdParameters), typeof(Participant), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((ParticipantIdParameters)p).Id, ct))),
        new(Name, "create", "create_participant", "Create a participant",
            "Adds a participant; the NDIS number must be new to your organization. Returns the record with its version.",
            Scopes.ParticipantsWrite, typeof(CreateParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) => Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, ((CreateParticipantParameters)p).ToFields(), ct))),
        new(Name, "update", "update_participant", "Update a participant",
            "Changes the given fields of a participant; needs the current version (if refused as stale, read again and retry).",
            Scopes.ParticipantsWrite, typeof(UpdateParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateParticipantParameters)p;
                return Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
        new(Name, "archive", "archive_participant", "Archive a participant",
            "Archives a participant no longer supported (restore_participant undoes it); needs the current version.",
            Scopes.ParticipantsWrite, typeof(VersionedParticipantParameters), typeof(Participant), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var target = (VersionedParticipantParameters)p;
                return Run(call, s => s.ArchiveAsync(call.Principal.OrganizationId, call.Principal.UserId, target.Id, target.Version, ct));
            }),
        new(Name, "restore", "restore_participant", "Restore a participant",
            "Returns an archived participant to the active list; needs the current version.",
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
