using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Funding;

public sealed record ListFundingLinesParameters(
    [property: Description("The participant whose funding lines to list (pt_…).")][property: StringLength(40)] string ParticipantId,
    [property: Description("Only lines of this support category: its two-digit number, 01 to 15 (01 Assistance with Daily Life, 04 Social and Community Participation, 05 Assistive Technology, 07 Support Coordination, 15 Improved Daily Living Skills, …; default: all).")]
    [property: StringLength(2)][property: RegularExpression(SupportCatalogue.CategoryPattern)] string? SupportCategory = null,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record FundingLineIdParameters(
    [property: Description("The funding line's id, as returned by list_funding_lines (fl_…).")][property: StringLength(40)] string Id);

public sealed record CreateFundingLineParameters(
    [property: Description("The participant the funding belongs to (pt_…); must be active.")][property: StringLength(40)] string ParticipantId,
    [property: Description("The support category: its two-digit number, 01 to 15 (01 Assistance with Daily Life, 04 Social and Community Participation, 05 Assistive Technology, 07 Support Coordination, 15 Improved Daily Living Skills, …).")]
    [property: StringLength(2)][property: RegularExpression(SupportCatalogue.CategoryPattern)] string SupportCategory,
    [property: Description("AUD allocated for the period: 0 to 10,000,000, at most two decimal places (e.g. 36500.00).")][property: Range(0d, 10_000_000d)] decimal Allocated,
    [property: Description("First day of the period (yyyy-MM-dd), not before the participant's plan_start.")] DateOnly PeriodStart,
    [property: Description("Last day of the period (yyyy-MM-dd), after period_start and not after the participant's plan_end.")] DateOnly PeriodEnd,
    [property: Description("AUD committed in service bookings but not yet spent (default 0); committed + spent may not exceed allocated.")][property: Range(0d, 10_000_000d)] decimal? Committed = null,
    [property: Description("AUD already spent (claimed) in the period (default 0).")][property: Range(0d, 10_000_000d)] decimal? Spent = null,
    [property: Description("Notes on the funding, e.g. what it pays for. Line breaks allowed.")][property: StringLength(2000)] string? Notes = null)
{
    public FundingLineFields ToFields() => new(SupportCategory, Allocated, Committed ?? 0m, Spent ?? 0m, PeriodStart, PeriodEnd, Notes);
}

public sealed record UpdateFundingLineParameters(
    [property: Description("The funding line's id (fl_…).")][property: StringLength(40)] string Id,
    [property: Description("The version from the latest get_funding_line or update; a stale one is refused.")][property: StringLength(200)] string Version,
    [property: Description("New support category, 01 to 15.")][property: StringLength(2)][property: RegularExpression(SupportCatalogue.CategoryPattern)] string? SupportCategory = null,
    [property: Description("New AUD allocated (replaces the figure; 0 to 10,000,000, at most two decimal places).")][property: Range(0d, 10_000_000d)] decimal? Allocated = null,
    [property: Description("New AUD committed (replaces the figure, it is not added to it).")][property: Range(0d, 10_000_000d)] decimal? Committed = null,
    [property: Description("New AUD spent to date (replaces the figure, it is not added to it).")][property: Range(0d, 10_000_000d)] decimal? Spent = null,
    [property: Description("New first day of the period (yyyy-MM-dd), inside the participant's plan.")] DateOnly? PeriodStart = null,
    [property: Description("New last day of the period (yyyy-MM-dd), inside the participant's plan.")] DateOnly? PeriodEnd = null,
    [property: Description("New notes (replace the old ones).")][property: StringLength(2000)] string? Notes = null)
{
    public FundingLineChanges ToChanges() => new(SupportCategory, Allocated, Committed, Spent, PeriodStart, PeriodEnd, Notes);
}

public sealed record BudgetSummaryParameters(
    [property: Description("The participant whose budget to summarise (pt_…).")][property: StringLength(40)] string ParticipantId,
    [property: Description("The day to summarise (yyyy-MM-dd; default today, UTC): only funding lines whose period contains it count.")] DateOnly? AsOf = null);

/// <summary>The funding-line model: a participant's NDIS funding by support category, and the budget summary worked out from it.</summary>
public static class FundingLineModel
{
    public const string Name = "funding_line";

    public static ModelDefinition Create() => new(Name, "A participant's NDIS funding by support category (01-15) and period: allocated, committed and spent, in AUD; and the budget summary (remaining, burn rate, projected run-out).",
    [
        new(Name, "list", "list_funding_lines", "List a participant's funding lines",
            "Lists one participant's funding lines (support category, allocated, committed and spent in AUD, period) a page at a time, optionally only one support category. Use it to see the lines themselves or find a line's id; for what is left and whether it will last, use get_budget_summary.",
            Scopes.FundingRead, typeof(ListFundingLinesParameters), typeof(RecordPage<FundingLine>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_funding_line", "Get a funding line",
            "Gets one funding line, including the version needed to update it.",
            Scopes.FundingRead, typeof(FundingLineIdParameters), typeof(FundingLine), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((FundingLineIdParameters)p).Id, ct))),
        new(Name, "create", "create_funding_line", "Create a funding line",
            "Adds a funding line to an active participant: the AUD allocated to one support category for a period inside the participant's plan, and how much of it is already committed and spent. Amounts are 0 to 10,000,000 with at most two decimal places, and committed + spent may not exceed allocated. Returns the line with its version.",
            Scopes.FundingWrite, typeof(CreateFundingLineParameters), typeof(FundingLine), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateFundingLineParameters)p;
                return Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_funding_line", "Update a funding line",
            "Changes the given fields of a funding line, e.g. spent once claims are paid; fields left out stay as they are. Amounts given replace the stored figures (send the new total, not the difference). Needs the current version: if it is refused as stale, get the line again and retry.",
            Scopes.FundingWrite, typeof(UpdateFundingLineParameters), typeof(FundingLine), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateFundingLineParameters)p;
                return Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
        new(Name, "budget_summary", "get_budget_summary", "Get a participant's budget summary",
            "Summarises a participant's NDIS budget on a day (as_of, default today UTC) from the funding lines whose period contains it: the total, each budget (Core, Capacity Building, Capital) and each support category that has lines, in AUD. "
            + "remaining = allocated − committed − spent. daily_burn_rate = the sum over the lines of spent ÷ days elapsed in the line's period up to and including as_of, rounded to cents. "
            + "projected_run_out = as_of + ceiling((allocated − spent) ÷ daily_burn_rate) days, null when nothing has been spent. period_end = the latest period end of the lines; runs_out_before_period_end is true when projected_run_out is earlier. "
            + "Use it for 'how much funding is left' and 'will it last'; a participant without current lines gets zero totals and empty lists.",
            Scopes.FundingRead, typeof(BudgetSummaryParameters), typeof(BudgetSummary), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) =>
            {
                var summary = (BudgetSummaryParameters)p;
                return Run(call, s => s.GetBudgetSummaryAsync(call.Principal.OrganizationId, summary.ParticipantId, summary.AsOf, ct));
            }),
    ]);

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListFundingLinesParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new FundingLineQuery(list.ParticipantId, list.SupportCategory, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return await Run(call, s => s.ListAsync(call.Principal.OrganizationId, query, cancellationToken));
    }

    private static async Task<OperationResult> Run<T>(ModelCall call, Func<FundingService, Task<RecordOutcome<T>>> action) where T : class =>
        OperationResult.From(await action(call.Services.GetRequiredService<FundingService>()));
}
