using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>discover_models, get_model_schema and perform_operation agree with the typed tools on the same data.</summary>
public sealed class GenericToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private Task<ToolReply> PerformAsync(string era, string key, string model, string operation, JsonNode parameters) =>
        Server.CallAsync(era, key, "perform_operation", new JsonObject { ["model"] = model, ["operation"] = operation, ["parameters"] = parameters });

    [Fact]
    public async Task DiscoverModels_ListsOnlyOperationsTheKeyMayUse()
    {
        string reader = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        JsonNode all = (await Server.CallAsync(Legacy, Key, "discover_models")).Structured;
        JsonNode read = (await Server.CallAsync(Legacy, reader, "discover_models")).Structured;

        JsonNode participant = all["models"]!.AsArray().Single(m => m!["model"]!.GetValue<string>() == "participant")!;
        Assert.Equal(["list", "view", "create", "update", "archive", "restore"], participant["operations"]!.AsArray().Select(o => o!["operation"]!.GetValue<string>()));
        Assert.Equal(["list", "view"], read["models"]![0]!["operations"]!.AsArray().Select(o => o!["operation"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PerformOperation_IsAnnotatedAsAbleToArchive_AndTheLookupsAsReadOnly()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        Dictionary<string, JsonNode> tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray()
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["annotations"]!);

        // perform_operation can run archive_*, which the typed tools mark destructive: a client should confirm it the same way.
        Assert.Equal((false, true), (tools["perform_operation"]["readOnlyHint"]!.GetValue<bool>(), tools["perform_operation"]["destructiveHint"]!.GetValue<bool>()));
        Assert.True(tools["archive_participant"]["destructiveHint"]!.GetValue<bool>());
        Assert.True(tools["discover_models"]["readOnlyHint"]!.GetValue<bool>());
        Assert.True(tools["get_model_schema"]["readOnlyHint"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetModelSchema_IsTheTypedToolsInputSchema()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        JsonNode typed = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "create_participant")!;

        JsonNode schema = (await Server.CallAsync(Legacy, Key, "get_model_schema", new JsonObject { ["model"] = "participant", ["operation"] = "create" })).Structured;

        JsonNode reader = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "get_participant")!;
        Assert.True(JsonNode.DeepEquals(typed["inputSchema"], schema["parameters_schema"]));
        // tools/list writes the record's shape once, on get_participant; get_model_schema gives it for create too.
        Assert.True(JsonNode.DeepEquals(reader["outputSchema"], schema["result_schema"]));
        Assert.Equal("The participant as get_participant returns it.", typed["outputSchema"]!["description"]!.GetValue<string>());
        Assert.Equal("participants:write", schema["scope"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedTools(string era)
    {
        JsonObject fields = ToolCalls.NewParticipant(ToolCalls.NextNdis(), family: "Generic");
        JsonNode created = (await PerformAsync(era, Key, "participant", "create", fields)).Structured;
        string id = created["id"]!.GetValue<string>();

        JsonNode typedView = (await Server.CallAsync(era, Key, "get_participant", new JsonObject { ["id"] = id })).Structured;
        JsonNode genericView = (await PerformAsync(era, Key, "participant", "view", new JsonObject { ["id"] = id })).Structured;
        JsonNode typedList = (await Server.CallAsync(era, Key, "list_participants", new JsonObject { ["search"] = "generic" })).Structured;
        JsonNode genericList = (await PerformAsync(era, Key, "participant", "list", new JsonObject { ["search"] = "generic" })).Structured;

        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.Equal(id, typedList["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PerformOperation_AcceptsParametersAsAJsonString()
    {
        ToolReply reply = await PerformAsync(Legacy, Key, "participant", "list", JsonValue.Create("{\"page_size\":5}"));

        Assert.False(reply.IsToolError, reply.Text);
    }

    [Theory]
    [InlineData("widget", "list", "Unknown model 'widget'")]
    [InlineData("participant", "delete", "The participant model has no 'delete' operation")]
    public async Task PerformOperation_OnAnUnknownModelOrOperation_SaysWhatExists(string model, string operation, string message)
    {
        ToolReply reply = await PerformAsync(Legacy, Key, model, operation, new JsonObject());

        Assert.True(reply.IsToolError);
        Assert.StartsWith(message, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerformOperation_WithMalformedParameters_GetsTheSameErrorAsTheTypedTool()
    {
        JsonObject bad = ToolCalls.NewParticipant(ToolCalls.NextNdis());
        bad["date_of_birth"] = 19900203;

        ToolReply typed = await Server.CallAsync(Legacy, Key, "create_participant", bad);
        ToolReply generic = await PerformAsync(Legacy, Key, "participant", "create", bad.DeepClone());

        Assert.True(generic.IsToolError);
        Assert.Equal("`date_of_birth` must be a date written yyyy-MM-dd (e.g. 2026-07-01), not the number 19900203.", typed.Text);
        Assert.Equal(typed.Text.Replace("`date_of_birth`", "`parameters.date_of_birth`", StringComparison.Ordinal), generic.Text);
    }

    [Fact]
    public async Task PerformOperation_WithoutARequiredParameter_NamesItWhereItSits()
    {
        ToolReply missing = await PerformAsync(Legacy, Key, "participant", "update", new JsonObject { ["id"] = "pt_aaaaaaaaaaaa" });
        ToolReply unknown = await PerformAsync(Legacy, Key, "participant", "view", new JsonObject { ["id"] = "pt_aaaaaaaaaaaa", ["ndis"] = "430000001" });
        ToolReply notAnObject = await PerformAsync(Legacy, Key, "participant", "view", JsonValue.Create("pt_aaaaaaaaaaaa"));

        Assert.Equal("`parameters.version` is required: read the participant first with get_participant and pass its `version`.", missing.Text);
        Assert.Equal("`parameters.ndis` is not an argument of the participant view operation: leave it out (it takes id).", unknown.Text);
        Assert.Equal("`parameters` must be an object of the operation's parameters (see get_model_schema); the string sent does not hold one.", notAnObject.Text);
        Assert.True(missing.IsToolError && unknown.IsToolError && notAnObject.IsToolError);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_BeyondTheKeysScopes_Is403InsufficientScope(string era)
    {
        string reader = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        using HttpResponseMessage response = await Server.Http.SendAsync(Era(era, reader, "tools/call",
            Call("perform_operation", new JsonObject { ["model"] = "participant", ["operation"] = "create", ["parameters"] = ToolCalls.NewParticipant(ToolCalls.NextNdis()) })),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("scope=\"participants:read participants:write\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Typed", new[] { "archive_participant", "create_care_plan", "create_funding_line", "create_goal", "create_participant", "get_budget_summary", "get_care_plan", "get_catalogue_item", "get_funding_line", "get_goal", "get_medication", "get_participant", "get_staff_member", "list_care_plans", "list_funding_lines", "list_goal_activities", "list_goals", "list_medications", "list_participants", "list_staff", "log_goal_activity", "restore_participant", "search_catalogue", "update_care_plan", "update_funding_line", "update_goal", "update_participant", "whoami" })]
    [InlineData("Generic", new[] { "discover_models", "get_model_schema", "perform_operation", "whoami" })]
    public async Task ToolProfile_ChoosesWhatToolsListShows(string profile, string[] expected)
    {
        await using McpTestServer server = McpTestServer.Start(Azurite, new Dictionary<string, string?> { ["Mcp:ToolProfile"] = profile });
        TestTenant tenant = await server.CreateTenantAsync();
        string key = (await server.CreateKeyAsync(tenant)).Token;

        using HttpResponseMessage list = await server.Http.SendAsync(LegacyCall(key, "tools/list"), TestContext.Current.CancellationToken);
        List<string> names = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Where(n => n != "write_probe").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, names);
    }
}
