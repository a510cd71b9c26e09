using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// The care plan record (RK <c>c_&lt;participantId&gt;_&lt;planId&gt;</c>), so a participant's plans are one range.
/// Supports and risks are JSON in one property each; the rules' limits keep each well under the 64 KiB a property may hold.
/// </summary>
internal sealed class CarePlanEntity : StoredEntity
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public string CarePlanId { get; set; } = string.Empty;
    public string ParticipantId { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string EffectiveFrom { get; set; } = string.Empty;
    public string? EffectiveTo { get; set; }
    public string Summary { get; set; } = string.Empty;
    public string Supports { get; set; } = "[]";
    public string Risks { get; set; } = "[]";
    public string? ReviewDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = string.Empty;

    public static CarePlanEntity From(string organizationId, CarePlan p) => new()
    {
        PartitionKey = organizationId,
        RowKey = CarePlanKeys.Record(p.ParticipantId, p.Id),
        CarePlanId = p.Id,
        ParticipantId = p.ParticipantId,
        Status = p.Status.ToString(),
        EffectiveFrom = IsoDate.Format(p.EffectiveFrom),
        EffectiveTo = p.EffectiveTo is { } to ? IsoDate.Format(to) : null,
        Summary = p.Summary,
        Supports = JsonSerializer.Serialize(p.Supports, s_json),
        Risks = JsonSerializer.Serialize(p.Risks, s_json),
        ReviewDate = p.ReviewDate is { } review ? IsoDate.Format(review) : null,
        CreatedAt = p.Stamp.CreatedAt,
        CreatedBy = p.Stamp.CreatedBy,
        UpdatedAt = p.Stamp.UpdatedAt,
        UpdatedBy = p.Stamp.UpdatedBy,
    };

    public CarePlan ToCarePlan() => new(
        CarePlanId, ParticipantId, Enum.Parse<CarePlanStatus>(Status), IsoDate.Parse(EffectiveFrom), EffectiveTo is null ? null : IsoDate.Parse(EffectiveTo),
        Summary, JsonSerializer.Deserialize<CarePlanSupport[]>(Supports, s_json) ?? [], JsonSerializer.Deserialize<CarePlanRisk[]>(Risks, s_json) ?? [],
        ReviewDate is null ? null : IsoDate.Parse(ReviewDate), new Stamp(CreatedAt, CreatedBy, UpdatedAt, UpdatedBy), ETag.ToString());
}

/// <summary>A row that points from a participant or a plan id to a care plan: the id index and the current-plan marker.</summary>
internal sealed class CarePlanPointerEntity : StoredEntity
{
    public string ParticipantId { get; set; } = string.Empty;
    public string CarePlanId { get; set; } = string.Empty;
}

/// <summary>Row keys of the <c>careplans</c> table (PK: organization id).</summary>
internal static class CarePlanKeys
{
    public static string ParticipantPrefix(string participantId) => $"c_{participantId}_";

    public static string Record(string participantId, string planId) => ParticipantPrefix(participantId) + planId;

    /// <summary>The id index: which participant a plan belongs to, for get-by-id.</summary>
    public static string Id(string planId) => "cid_" + planId;

    /// <summary>The participant's current (active or under review) plan; its existence is what keeps there being one.</summary>
    public static string Current(string participantId) => "cur_" + participantId;
}
