using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// The funding line record (RK <c>f_&lt;participantId&gt;_&lt;fundingLineId&gt;</c>), so a participant's lines are one range.
/// Amounts are decimals, stored as invariant strings (<see cref="StoredDecimal"/>) (<c>1234.50</c>): they come back exactly,
/// scale included.
/// </summary>
internal sealed class FundingLineEntity : StoredEntity
{
    public string FundingLineId { get; set; } = string.Empty;
    public string ParticipantId { get; set; } = string.Empty;
    public string SupportCategory { get; set; } = string.Empty;
    public string Allocated { get; set; } = "0";
    public string Committed { get; set; } = "0";
    public string Spent { get; set; } = "0";
    public string PeriodStart { get; set; } = string.Empty;
    public string PeriodEnd { get; set; } = string.Empty;
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = string.Empty;

    public static FundingLineEntity From(string organizationId, FundingLine l) => new()
    {
        PartitionKey = organizationId,
        RowKey = FundingKeys.Record(l.ParticipantId, l.Id),
        FundingLineId = l.Id,
        ParticipantId = l.ParticipantId,
        SupportCategory = l.SupportCategory,
        Allocated = StoredDecimal.Format(l.Allocated),
        Committed = StoredDecimal.Format(l.Committed),
        Spent = StoredDecimal.Format(l.Spent),
        PeriodStart = IsoDate.Format(l.PeriodStart),
        PeriodEnd = IsoDate.Format(l.PeriodEnd),
        Notes = l.Notes,
        CreatedAt = l.Stamp.CreatedAt,
        CreatedBy = l.Stamp.CreatedBy,
        UpdatedAt = l.Stamp.UpdatedAt,
        UpdatedBy = l.Stamp.UpdatedBy,
    };

    public FundingLine ToFundingLine() => new(
        FundingLineId, ParticipantId, SupportCategory, StoredDecimal.Parse(Allocated), StoredDecimal.Parse(Committed), StoredDecimal.Parse(Spent), IsoDate.Parse(PeriodStart), IsoDate.Parse(PeriodEnd), Notes,
        new Stamp(CreatedAt, CreatedBy, UpdatedAt, UpdatedBy), ETag.ToString());
}

/// <summary>Row keys of the <c>funding</c> table (PK: organization id).</summary>
internal static class FundingKeys
{
    public static string ParticipantPrefix(string participantId) => $"f_{participantId}_";

    public static string Record(string participantId, string fundingLineId) => ParticipantPrefix(participantId) + fundingLineId;

    /// <summary>The funding-line id index row (a <see cref="ParticipantIdEntity"/>): which participant a line belongs to, for get-by-id.</summary>
    public static string Id(string fundingLineId) => "fid_" + fundingLineId;
}
