using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The shared support catalogue through the real /mcp endpoint, with the sample loaded into Azurite, in both eras.</summary>
public sealed class CatalogueToolsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;
    private string _key = null!;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        await _server.Services.GetRequiredService<ICatalogueStore>().LoadAsync(SampleCatalogue.Items, CancellationToken.None);
        _tenant = await _server.CreateTenantAsync();
        _key = (await _server.CreateKeyAsync(_tenant)).Token;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task GetCatalogueItem_ReturnsTheItemWithPriceLimitsByRegion(string era)
    {
        JsonNode item = (await _server.CallAsync(era, _key, "get_catalogue_item", new JsonObject { ["item_number"] = "01_011_0107_1_1" })).Structured;

        Assert.Equal(("Assistance With Self-Care Activities - Standard - Weekday Daytime", "01", "Assistance with Daily Life", "0107", "hour"),
            (item["name"]!.GetValue<string>(), item["support_category"]!.GetValue<string>(), item["support_category_name"]!.GetValue<string>(),
             item["registration_group"]!.GetValue<string>(), item["unit"]!.GetValue<string>()));
        Assert.Equal((67.56m, 94.58m, 101.34m), (item["price_limits"]!["national"]!.GetValue<decimal>(), item["price_limits"]!["remote"]!.GetValue<decimal>(), item["price_limits"]!["very_remote"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData(Legacy, "01-011-0107-1-1")]
    [InlineData(Modern, "01_011_0107_1")]
    [InlineData(Legacy, "16_011_0107_1_1")]
    [InlineData(Legacy, "abc")]
    public async Task GetCatalogueItem_WithAMalformedNumber_IsAToolErrorExplainingTheFormat(string era, string number)
    {
        ToolReply reply = await _server.CallAsync(era, _key, "get_catalogue_item", new JsonObject { ["item_number"] = number });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.StartsWith($"Invalid input: item_number: '{number}' is not an NDIS support item number", reply.Text, StringComparison.Ordinal);
        Assert.Contains("e.g. 01_011_0107_1_1", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCatalogueItem_UnknownButWellFormed_IsNotFound()
    {
        ToolReply reply = await _server.CallAsync(Legacy, _key, "get_catalogue_item", new JsonObject { ["item_number"] = "01_999_0107_1_1" });

        Assert.Equal("Not found: support item 01_999_0107_1_1 is not in the catalogue", reply.Text);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task SearchCatalogue_PagesThroughACategory_AndSearchesNames(string era)
    {
        (List<string> seen, _) = await _server.ListAllAsync(era, _key, "search_catalogue", new JsonObject { ["support_category"] = "04", ["page_size"] = 3 }, "item_number");
        JsonNode sunday = (await _server.CallAsync(era, _key, "search_catalogue", new JsonObject { ["search"] = "self care sun" })).Structured;

        Assert.Equal(SampleCatalogue.Items.Where(i => i.SupportCategory == "04").Select(i => i.ItemNumber).Order(StringComparer.Ordinal), seen);
        Assert.Equal("01_014_0107_1_1", Assert.Single(sunday["items"]!.AsArray())!["item_number"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"support_category\":\"16\"}", "support_category: '16' is not a support category")]
    [InlineData("{\"support_category\":1}", "`support_category` must be a string matching ^(0[1-9]|1[0-5])$, not the number 1.")]
    [InlineData("{\"page_size\":101}", "page_size 101 must be between 1 and 100")]
    [InlineData("{\"cursor\":\"nope\"}", "cursor: is not a cursor from this list")]
    [InlineData("{\"region\":\"remote\"}", "`region` is not an argument of search_catalogue")]
    public async Task SearchCatalogue_WithMalformedParameters_IsAToolErrorSayingWhat(string arguments, string expected)
    {
        ToolReply reply = await _server.CallAsync(Legacy, _key, "search_catalogue", JsonNode.Parse(arguments)!.AsObject());

        Assert.True(reply.IsToolError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task TheCatalogueIsShared_EveryOrganizationSeesTheSameItems(string era)
    {
        TestTenant other = await _server.CreateTenantAsync();
        string otherKey = (await _server.CreateKeyAsync(other, TestTenant.Worker, Scopes.CatalogueRead)).Token;
        var arguments = new JsonObject { ["search"] = "therapy", ["page_size"] = 100 };

        JsonNode mine = (await _server.CallAsync(era, _key, "search_catalogue", arguments)).Structured;
        JsonNode theirs = (await _server.CallAsync(era, otherKey, "search_catalogue", arguments.DeepClone().AsObject())).Structured;
        JsonNode myItem = (await _server.CallAsync(era, _key, "get_catalogue_item", new JsonObject { ["item_number"] = "07_002_0106_8_3" })).Structured;
        JsonNode theirItem = (await _server.CallAsync(era, otherKey, "get_catalogue_item", new JsonObject { ["item_number"] = "07_002_0106_8_3" })).Structured;

        Assert.True(JsonNode.DeepEquals(mine, theirs));
        Assert.True(JsonNode.DeepEquals(myItem, theirItem));
        Assert.NotEmpty(mine["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task WithoutTheCatalogueReadScope_Is403(string era)
    {
        string reader = (await _server.CreateKeyAsync(_tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        ToolReply typed = await _server.CallAsync(era, reader, "search_catalogue", new JsonObject());
        ToolReply generic = await _server.CallAsync(era, reader, "perform_operation", new JsonObject { ["model"] = "catalogue", ["operation"] = "view", ["parameters"] = new JsonObject { ["item_number"] = "01_011_0107_1_1" } });

        Assert.Equal(HttpStatusCode.Forbidden, typed.Status);
        Assert.Equal(HttpStatusCode.Forbidden, generic.Status);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedTools(string era)
    {
        var search = new JsonObject { ["support_category"] = "15", ["search"] = "therapy" };

        JsonNode typedList = (await _server.CallAsync(era, _key, "search_catalogue", search)).Structured;
        JsonNode genericList = (await _server.PerformAsync(era, _key, "catalogue", "list", search.DeepClone())).Structured;
        JsonNode typedView = (await _server.CallAsync(era, _key, "get_catalogue_item", new JsonObject { ["item_number"] = "15_054_0128_1_3" })).Structured;
        JsonNode genericView = (await _server.PerformAsync(era, _key, "catalogue", "view", new JsonObject { ["item_number"] = "15_054_0128_1_3" })).Structured;
        ToolReply typedBad = await _server.CallAsync(era, _key, "get_catalogue_item", new JsonObject { ["item_number"] = "15-054" });
        ToolReply genericBad = await _server.PerformAsync(era, _key, "catalogue", "view", new JsonObject { ["item_number"] = "15-054" });

        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.Equal(typedBad.Text, genericBad.Text);
        Assert.Contains(typedList["items"]!.AsArray(), i => i!["item_number"]!.GetValue<string>() == "15_054_0128_1_3");
    }
}
