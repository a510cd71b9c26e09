using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Participants;

/// <summary>
/// What staff can do with participants, whichever tool asks: the rules, the version check, soft delete
/// (archive/restore) and the who-and-when of every write. The organization always comes from the caller.
/// </summary>
public sealed class ParticipantService(IParticipantStore store, TimeProvider time)
{
    public Task<RecordOutcome<RecordPage<ParticipantSummary>>> ListAsync(string organizationId, ParticipantQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(organizationId, query with { PageSize = Paging.Size(query.PageSize), Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim() }, cancellationToken);

    public async Task<RecordOutcome<Participant>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, id, cancellationToken) is { } found ? RecordOutcome<Participant>.Ok(found) : NotFound(id);

    public async Task<RecordOutcome<Participant>> CreateAsync(string organizationId, string actor, ParticipantFields fields, CancellationToken cancellationToken)
    {
        fields = Clean(fields);
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<FieldError> errors = ParticipantRules.Validate(fields, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
            return RecordOutcome<Participant>.Invalid(errors);

        var participant = new Participant(
            RecordIds.New(Participant.IdPrefix), fields.NdisNumber, fields.GivenName, fields.FamilyName, fields.PreferredName, fields.DateOfBirth,
            fields.Email, fields.Phone, fields.Address, fields.PlanStart, fields.PlanEnd, fields.PlanManagement, fields.PrimaryDisability,
            ParticipantStatus.Active, new Stamp(now, actor, now, actor), Version: string.Empty);
        return await store.AddAsync(organizationId, participant, cancellationToken);
    }

    public async Task<RecordOutcome<Participant>> UpdateAsync(string organizationId, string actor, string id, string version, ParticipantChanges changes, CancellationToken cancellationToken)
    {
        if (MissingVersion(version) is { } missing)
            return missing;
        if (await FindAsync(organizationId, id, cancellationToken) is not { } current)
            return NotFound(id);
        if (current.Status == ParticipantStatus.Archived)
            return RecordOutcome<Participant>.Invalid([new FieldError("id", $"participant {id} is archived: restore it before changing it")]);

        ParticipantFields fields = Clean(changes.ApplyTo(current.ToFields()));
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<FieldError> errors = ParticipantRules.Validate(fields, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
            return RecordOutcome<Participant>.Invalid(errors);

        Participant updated = current with
        {
            NdisNumber = fields.NdisNumber, GivenName = fields.GivenName, FamilyName = fields.FamilyName, PreferredName = fields.PreferredName,
            DateOfBirth = fields.DateOfBirth, Email = fields.Email, Phone = fields.Phone, Address = fields.Address, PlanStart = fields.PlanStart,
            PlanEnd = fields.PlanEnd, PlanManagement = fields.PlanManagement, PrimaryDisability = fields.PrimaryDisability,
            Stamp = current.Stamp with { UpdatedAt = now, UpdatedBy = actor },
        };
        return await store.ReplaceAsync(organizationId, current, updated, version, cancellationToken);
    }

    public Task<RecordOutcome<Participant>> ArchiveAsync(string organizationId, string actor, string id, string version, CancellationToken cancellationToken) =>
        SetStatusAsync(organizationId, actor, id, version, ParticipantStatus.Archived, cancellationToken);

    public Task<RecordOutcome<Participant>> RestoreAsync(string organizationId, string actor, string id, string version, CancellationToken cancellationToken) =>
        SetStatusAsync(organizationId, actor, id, version, ParticipantStatus.Active, cancellationToken);

    private async Task<RecordOutcome<Participant>> SetStatusAsync(string organizationId, string actor, string id, string version, ParticipantStatus status, CancellationToken cancellationToken)
    {
        if (MissingVersion(version) is { } missing)
            return missing;
        if (await FindAsync(organizationId, id, cancellationToken) is not { } current)
            return NotFound(id);
        if (current.Status == status)
            return RecordOutcome<Participant>.Invalid([new FieldError("id", $"participant {id} is already {status.ToString().ToLowerInvariant()}")]);

        DateTimeOffset now = time.GetUtcNow();
        Participant updated = current with { Status = status, Stamp = current.Stamp with { UpdatedAt = now, UpdatedBy = actor } };
        return await store.ReplaceAsync(organizationId, current, updated, version, cancellationToken);
    }

    private async Task<Participant?> FindAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, Participant.IdPrefix) ? await store.GetAsync(organizationId, id, cancellationToken) : null;

    // Without a version there is nothing to check concurrency against; never fall back to "any version".
    private static RecordOutcome<Participant>? MissingVersion(string? version) =>
        string.IsNullOrWhiteSpace(version)
            ? RecordOutcome<Participant>.Invalid([new FieldError("version", "is required: read the participant first and send the version it returned")])
            : null;

    private static RecordOutcome<Participant> NotFound(string id) => RecordOutcome<Participant>.NotFound($"participant {id} was not found");

    private static ParticipantFields Clean(ParticipantFields f) => f with
    {
        NdisNumber = f.NdisNumber?.Replace(" ", string.Empty, StringComparison.Ordinal) ?? string.Empty,
        GivenName = f.GivenName?.Trim() ?? string.Empty,
        FamilyName = f.FamilyName?.Trim() ?? string.Empty,
        PreferredName = Blank(f.PreferredName),
        Email = Blank(f.Email),
        Phone = Blank(f.Phone),
        PrimaryDisability = Blank(f.PrimaryDisability),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
