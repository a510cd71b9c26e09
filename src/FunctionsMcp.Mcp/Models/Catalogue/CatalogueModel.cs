using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Catalogue;

public sealed record SearchCatalogueParameters(
    [property: Description("Starts of words of the item name.")][property: StringLength(100)] string? Search = null,
    [property: RegularExpression(SupportCatalogue.CategoryPattern)] string? SupportCategory = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record CatalogueItemParameters(
    [property: Description("e.g. 01_011_0107_1_1.")][property: StringLength(30)] string ItemNumber);

/// <summary>The support catalogue model (read only, shared by every organization).</summary>
public static class CatalogueModel
{
    public const string Name = "catalogue";

    public static ModelDefinition Create() => new(Name, "The NDIS Support Catalogue (a sample): support items with their category, registration group, unit and price limits by region. Shared reference data, read only.",
    [
        new(Name, "list", "search_catalogue", "Search the catalogue",
            "Searches the NDIS support catalogue by words of item names and/or support category (01-15). Returns a page of items.",
            Scopes.CatalogueRead, typeof(SearchCatalogueParameters), typeof(RecordPage<CatalogueItem>), ReadOnly: true, Destructive: false, Idempotent: true, SearchAsync),
        new(Name, "view", "get_catalogue_item", "Get a support item",
            "Gets one NDIS support item by number: its unit and AUD price limits (national, remote, very remote; null if not limited).",
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
