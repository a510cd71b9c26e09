using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Funding;

/// <summary>
/// One line of a participant's NDIS budget: the funds of one support category (01–15) for a period inside the plan,
/// and how much of them is committed (booked in service agreements) and spent (claimed). Amounts are AUD.
/// </summary>
public sealed record FundingLine(
    string Id,
    string ParticipantId,
    string SupportCategory,
    decimal Allocated,
    decimal Committed,
    decimal Spent,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string? Notes,
    Stamp Stamp,
    string Version)
{
    public const string IdPrefix = "fl";

    /// <summary>The support category's name, e.g. "Assistance with Daily Life" for 01.</summary>
    public string SupportCategoryName => SupportCatalogue.CategoryName(SupportCategory);

    /// <summary>The support purpose the category belongs to: "Core", "Capital" or "Capacity Building".</summary>
    public string Budget => SupportCatalogue.PurposeOf(SupportCategory);

    /// <summary>The writable fields (a method, not a property, so a record is never serialized twice over).</summary>
    public FundingLineFields ToFields() => new(SupportCategory, Allocated, Committed, Spent, PeriodStart, PeriodEnd, Notes);
}

/// <summary>Everything about a funding line a coordinator writes (create takes all of it).</summary>
public sealed record FundingLineFields(string SupportCategory, decimal Allocated, decimal Committed, decimal Spent, DateOnly PeriodStart, DateOnly PeriodEnd, string? Notes);

/// <summary>Changes to a funding line: only the fields given change.</summary>
public sealed record FundingLineChanges(
    string? SupportCategory = null,
    decimal? Allocated = null,
    decimal? Committed = null,
    decimal? Spent = null,
    DateOnly? PeriodStart = null,
    DateOnly? PeriodEnd = null,
    string? Notes = null)
{
    public FundingLineFields ApplyTo(FundingLineFields current) => new(
        SupportCategory ?? current.SupportCategory,
        Allocated ?? current.Allocated,
        Committed ?? current.Committed,
        Spent ?? current.Spent,
        PeriodStart ?? current.PeriodStart,
        PeriodEnd ?? current.PeriodEnd,
        Notes ?? current.Notes);
}

/// <summary>A participant's funding lines, optionally of one support category (01–15).</summary>
public sealed record FundingLineQuery(string ParticipantId, string? SupportCategory, int PageSize, string? Cursor);

/// <summary>Where funding lines are kept, per organization.</summary>
public interface IFundingStore
{
    /// <summary>A page of one participant's funding lines; <see cref="RecordFailure.Invalid"/> for a cursor this store did not issue.</summary>
    Task<RecordOutcome<RecordPage<FundingLine>>> ListAsync(string organizationId, FundingLineQuery query, CancellationToken cancellationToken);

    Task<FundingLine?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>Stores a new funding line; <see cref="RecordFailure.Duplicate"/> (nothing written) when its id is taken.</summary>
    Task<RecordOutcome<FundingLine>> AddAsync(string organizationId, FundingLine line, CancellationToken cancellationToken);

    /// <summary>Replaces a funding line if <paramref name="expectedVersion"/> is still current.</summary>
    Task<RecordOutcome<FundingLine>> ReplaceAsync(string organizationId, FundingLine updated, string expectedVersion, CancellationToken cancellationToken);
}
