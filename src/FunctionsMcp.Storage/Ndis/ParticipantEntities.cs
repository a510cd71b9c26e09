using System.Globalization;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>The participant record itself (RK <c>p_&lt;id&gt;</c>). Dates are ISO strings; enums are names.</summary>
internal sealed class ParticipantEntity : StoredEntity
{
    public string NdisNumber { get; set; } = string.Empty;
    public string GivenName { get; set; } = string.Empty;
    public string FamilyName { get; set; } = string.Empty;
    public string? PreferredName { get; set; }
    public string DateOfBirth { get; set; } = string.Empty;
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Street { get; set; }
    public string? Suburb { get; set; }
    public AustralianState? State { get; set; }
    public string? Postcode { get; set; }
    public string PlanStart { get; set; } = string.Empty;
    public string PlanEnd { get; set; } = string.Empty;
    public PlanManagement PlanManagement { get; set; }
    public string? PrimaryDisability { get; set; }
    public ParticipantStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = string.Empty;

    public static ParticipantEntity From(string organizationId, Participant p) => new()
    {
        PartitionKey = organizationId,
        RowKey = ParticipantKeys.Record(p.Id),
        NdisNumber = p.NdisNumber,
        GivenName = p.GivenName,
        FamilyName = p.FamilyName,
        PreferredName = p.PreferredName,
        DateOfBirth = IsoDate.Format(p.DateOfBirth),
        Email = p.Email,
        Phone = p.Phone,
        Street = p.Address?.Street,
        Suburb = p.Address?.Suburb,
        State = p.Address?.State,
        Postcode = p.Address?.Postcode,
        PlanStart = IsoDate.Format(p.PlanStart),
        PlanEnd = IsoDate.Format(p.PlanEnd),
        PlanManagement = p.PlanManagement,
        PrimaryDisability = p.PrimaryDisability,
        Status = p.Status,
        CreatedAt = p.Stamp.CreatedAt,
        CreatedBy = p.Stamp.CreatedBy,
        UpdatedAt = p.Stamp.UpdatedAt,
        UpdatedBy = p.Stamp.UpdatedBy,
    };

    public Participant ToParticipant() => new(
        RowKey[ParticipantKeys.RecordPrefix.Length..], NdisNumber, GivenName, FamilyName, PreferredName, IsoDate.Parse(DateOfBirth), Email, Phone,
        Street is null && Suburb is null && State is null && Postcode is null ? null : new Address(Street, Suburb, State, Postcode),
        IsoDate.Parse(PlanStart), IsoDate.Parse(PlanEnd), PlanManagement, PrimaryDisability, Status,
        new Stamp(CreatedAt, CreatedBy, UpdatedAt, UpdatedBy), ETag.ToString());
}

/// <summary>A list row (RK <c>name_…</c>, <c>word_…</c> or <c>end_…</c>): the summary a list shows, so a page is one range read.</summary>
internal sealed class ParticipantIndexEntity : StoredEntity
{
    public string ParticipantId { get; set; } = string.Empty;
    public string NdisNumber { get; set; } = string.Empty;
    public string GivenName { get; set; } = string.Empty;
    public string FamilyName { get; set; } = string.Empty;
    public string? PreferredName { get; set; }
    public string PlanEnd { get; set; } = string.Empty;
    public PlanManagement PlanManagement { get; set; }
    public ParticipantStatus Status { get; set; }

    /// <summary>The participant's normalized name words, space-separated, for search de-duplication.</summary>
    public string Words { get; set; } = string.Empty;

    public static ParticipantIndexEntity From(string organizationId, string rowKey, Participant p) => new()
    {
        PartitionKey = organizationId,
        RowKey = rowKey,
        ParticipantId = p.Id,
        NdisNumber = p.NdisNumber,
        GivenName = p.GivenName,
        FamilyName = p.FamilyName,
        PreferredName = p.PreferredName,
        PlanEnd = IsoDate.Format(p.PlanEnd),
        PlanManagement = p.PlanManagement,
        Status = p.Status,
        Words = string.Join(' ', ParticipantKeys.Words(p)),
    };

    public ParticipantSummary ToSummary() => new(ParticipantId, NdisNumber, GivenName, FamilyName, PreferredName, IsoDate.Parse(PlanEnd), PlanManagement, Status);
}

/// <summary>The NDIS-number index (RK <c>ndis_&lt;number&gt;</c>): unique per organization, checked by the service on insert.</summary>
internal sealed class NdisNumberEntity : StoredEntity
{
    public string ParticipantId { get; set; } = string.Empty;
}

/// <summary>Row keys of the <c>participants</c> table (PK: organization id).</summary>
internal static class ParticipantKeys
{
    public const string RecordPrefix = "p_";

    public static string Record(string id) => RecordPrefix + id;

    public static string Ndis(string number) => "ndis_" + number;

    public static string Status(ParticipantStatus status) => status == ParticipantStatus.Active ? "a" : "x";

    public static string NamePrefix(string status) => $"name_{status}_";

    public static string WordPrefix(string status) => $"word_{status}_";

    public static string EndPrefix(string status) => $"end_{status}_";

    public static IReadOnlyList<string> Words(Participant p) => SearchKeys.Words(p.GivenName, p.FamilyName, p.PreferredName);

    /// <summary>Every list row a participant has: by name, by each name word, by plan end.</summary>
    public static IReadOnlyList<string> ListRows(Participant p)
    {
        string s = Status(p.Status);
        string family = SearchKeys.Normalize(p.FamilyName);
        string given = SearchKeys.Normalize(p.GivenName);
        var rows = new List<string> { $"{NamePrefix(s)}{family}_{given}_{p.Id}", $"{EndPrefix(s)}{IsoDate.Compact(p.PlanEnd)}_{p.Id}" };
        rows.AddRange(Words(p).Select(word => $"{WordPrefix(s)}{word}_{family}_{given}_{p.Id}"));
        return rows;
    }
}

/// <summary>Dates as stored: ISO <c>yyyy-MM-dd</c> (sorts as text), and compact <c>yyyyMMdd</c> inside keys.</summary>
internal static class IsoDate
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Compact(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
