using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Catalogue;

public sealed record SearchCatalogueParameters(
    [property: Description("Words that start words of the item's name ('self care sat', 'physio'; case ignored).")][property: StringLength(100)] string? Search = null,
    [property: Description("A support category number, 01 to 15 (01 Assistance with Daily Life, 04 Social and Community Participation, 07 Support Coordination, 15 Improved Daily Living Skills, …).")][property: StringLength(2)] string? SupportCategory = null,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record CatalogueItemParameters(
    [property: Description("The support item number, e.g. 01_011_0107_1_1: category, sequence, registration group, outcome domain, support purpose.")][property: StringLength(30)] string ItemNumber);

/// <summary>The support catalogue model (read only, shared by every organization).</summary>
public static class CatalogueModel
{
    public const string Name = "catalogue";

    public static ModelDefinition Create() => new(Name, "The NDIS Support Catalogue (a sample): support items with their category, registration group, unit and price limits by region. Shared reference data, read only.",
    [
        new(Name, "list", "search_catalogue", "Search the support catalogue",
            "Searches NDIS support items by words of their name and/or by support category (01-15), a page at a time, in item number order.",
            Scopes.CatalogueRead, typeof(SearchCatalogueParameters), typeof(RecordPage<CatalogueItem>), ReadOnly: true, Destructive: false, Idempotent: true, SearchAsync),
        new(Name, "view", "get_catalogue_item", "Get a support item",
            "Gets one NDIS support item by its item number (e.g. 01_011_0107_1_1), with its unit and its price limits: national, remote and very remote (AUD; null when not price limited).",
            Scopes.CatalogueRead, typeof(CatalogueItemParameters), typeof(CatalogueItem), ReadOnly: true, Destructive: false, Idempotent: true,
            async (call, p, ct) => OperationResult.From(await Service(call).GetAsync(((CatalogueItemParameters)p).ItemNumber, ct))),
    ], Noun: "support item");

    private static async Task<OperationResult> SearchAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var search = (SearchCatalogueParameters)parameters;
        if (search.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {search.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new CatalogueQuery(search.Search, search.SupportCategory, search.PageSize ?? Paging.DefaultSize, search.Cursor);
        return OperationResult.From(await Service(call).SearchAsync(query, cancellationToken));
    }

    private static CatalogueService Service(ModelCall call) => call.Services.GetRequiredService<CatalogueService>();
}
