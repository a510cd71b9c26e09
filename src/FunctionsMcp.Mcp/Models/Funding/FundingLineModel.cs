using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Funding;

public sealed record ListFundingLinesParameters(
    string ParticipantId,
    [property: RegularExpression(SupportCatalogue.CategoryPattern)] string? SupportCategory = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record FundingLineIdParameters(
    string Id);

public sealed record CreateFundingLineParameters(
    string ParticipantId,
    [property: RegularExpression(SupportCatalogue.CategoryPattern)] string SupportCategory,
    [property: Range(0d, 10_000_000d)] decimal Allocated,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    [property: Range(0d, 10_000_000d)] decimal? Committed = null,
    [property: Range(0d, 10_000_000d)] decimal? Spent = null,
    [property: StringLength(2000)] string? Notes = null)
{
    public FundingLineFields ToFields() => new(SupportCategory, Allocated, Committed ?? 0m, Spent ?? 0m, PeriodStart, PeriodEnd, Notes);
}

public sealed record UpdateFundingLineParameters(
    string Id,
    string Version,
    [property: RegularExpression(SupportCatalogue.CategoryPattern)] string? SupportCategory = null,
    [property: Range(0d, 10_000_000d)] decimal? Allocated = null,
    [property: Range(0d, 10_000_000d)] decimal? Committed = null,
    [property: Range(0d, 10_000_000d)] decimal? Spent = null,
    DateOnly? PeriodStart = null,
    DateOnly? PeriodEnd = null,
    [property: StringLength(2000)] string? Notes = null)
{
    public FundingLineChanges ToChanges() => new(SupportCategory, Allocated, Committed, Spent, PeriodStart, PeriodEnd, Notes);
}

public sealed record BudgetSummaryParameters(
    string ParticipantId,
    [property: Description("Default today (UTC).")] DateOnly? AsOf = null);

/// <summary>The funding-line model: a participant's NDIS funding by support category, and the budget summary worked out from it.</summary>
public static class FundingLineModel
{
    public const string Name = "funding_line";

    public static ModelDefinition Create() => new(Name, "A participant's NDIS funding by support category (01-15) and period: allocated, committed and spent, in AUD; and the budget summary (remaining, burn rate, projected run-out).",
    [
        new(Name, "list", "list_funding_lines", "List funding lines",
            "Lists a participant's funding lines, optionally of one support category; for what is left, use get_budget_summary. Returns a page of lines.",
            Scopes.FundingRead, typeof(ListFundingLinesParameters), typeof(RecordPage<FundingLine>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_funding_line", "Get a funding line",
            "Gets one funding line, with the version an update needs.",
            Scopes.FundingRead, typeof(FundingLineIdParameters), typeof(FundingLine), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((FundingLineIdParameters)p).Id, ct))),
        new(Name, "create", "create_funding_line", "Create a funding line",
            "Adds AUD funding for one support category (01-15) and a period inside an active participant's plan; committed + spent may not exceed allocated.",
            Scopes.FundingWrite, typeof(CreateFundingLineParameters), typeof(FundingLine), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateFundingLineParameters)p;
                return Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_funding_line", "Update a funding line",
            "Changes the given fields of a funding line; amounts replace the figures (send totals, not differences). Needs the current version.",
            Scopes.FundingWrite, typeof(UpdateFundingLineParameters), typeof(FundingLine), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateFundingLineParameters)p;
                return Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
        new(Name, "budget_summary", "get_budget_summary", "Get a budget summary",
            "How much funding is left and whether it will last: on as_of, per budget, support category and in total (AUD), remaining (allocated - committed - spent), daily burn rate (spent / days elapsed) and projected run-out.",
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
