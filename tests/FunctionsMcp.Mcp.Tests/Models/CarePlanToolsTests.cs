using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The care plan tools through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class CarePlanToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private static JsonObject NewPlan(string participantId, string status = "draft", string summary = "Morning routines and getting to work") => new()
    {
        ["participant_id"] = participantId,
        ["status"] = status,
        ["effective_from"] = "2026-07-01",
        ["effective_to"] = "2027-06-30",
        ["review_date"] = "2027-01-15",
        ["summary"] = summary,
        ["supports"] = new JsonArray(
            new JsonObject { ["item_number"] = "01_011_0107_1_1", ["frequency"] = "3 hours, Monday and Thursday mornings", ["provider"] = "Community team" },
            new JsonObject { ["item_number"] = "04_104_0125_6_1", ["frequency"] = "Saturday afternoons", ["provider"] = "Sam Worker", ["notes"] = "Swimming group" }),
        ["risks"] = new JsonArray(new JsonObject { ["description"] = "Choking: eats quickly", ["level"] = "high", ["mitigation"] = "Cut food small; stay at meals" }),
    };

    private Task<JsonNode> OkAsync(string era, string key, string tool, JsonObject arguments) => Server.OkAsync(era, key, tool, arguments);

    private async Task<string> ParticipantAsync(string era, string? key = null)
    {
        await Server.Services.GetRequiredService<ICatalogueStore>().LoadAsync(SampleCatalogue.Items, TestContext.Current.CancellationToken);
        return await Server.CreateParticipantAsync(era, key ?? Key);
    }

    private static string Id(JsonNode record) => record["id"]!.GetValue<string>();

    private static JsonObject Change(JsonNode record, string field, JsonNode value) =>
        new() { ["id"] = Id(record), ["version"] = record["version"]!.GetValue<string>(), [field] = value };

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CreateGetUpdateListCarePlans_RoundTrip(string era)
    {
        string participant = await ParticipantAsync(era);

        JsonNode created = await OkAsync(era, Key, "create_care_plan", NewPlan(participant));
        JsonNode got = await OkAsync(era, Key, "get_care_plan", new JsonObject { ["id"] = Id(created) });
        JsonNode updated = await OkAsync(era, Key, "update_care_plan", Change(got, "status", "active"));
        JsonNode active = await OkAsync(era, Key, "list_care_plans", new JsonObject { ["participant_id"] = participant, ["status"] = "active" });
        JsonNode drafts = await OkAsync(era, Key, "list_care_plans", new JsonObject { ["participant_id"] = participant, ["status"] = "draft" });

        Assert.StartsWith("cp_", Id(created), StringComparison.Ordinal);
        Assert.Equal(("draft", participant), (created["status"]!.GetValue<string>(), created["participant_id"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(created, got));
        Assert.Equal(("01_011_0107_1_1", "Swimming group", "high"),
            (got["supports"]![0]!["item_number"]!.GetValue<string>(), got["supports"]![1]!["notes"]!.GetValue<string>(), got["risks"]![0]!["level"]!.GetValue<string>()));
        Assert.Equal(("active", "2027-01-15"), (updated["status"]!.GetValue<string>(), updated["review_date"]!.GetValue<string>()));
        Assert.Equal(Id(created), Id(Assert.Single(active["items"]!.AsArray())!));
        Assert.Empty(drafts["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ReplacingTheCurrentPlan_IsRefusedUntilTheOldOneIsSuperseded(string era)
    {
        string participant = await ParticipantAsync(era);
        JsonNode old = await OkAsync(era, Key, "create_care_plan", NewPlan(participant, "active"));
        JsonNode next = await OkAsync(era, Key, "create_care_plan", NewPlan(participant, summary: "Next year's plan"));

        ToolReply refused = await Server.CallAsync(era, Key, "update_care_plan", Change(next, "status", "active"));
        await OkAsync(era, Key, "update_care_plan", Change(old, "status", "superseded"));
        JsonNode activated = await OkAsync(era, Key, "update_care_plan", Change(next, "status", "active"));

        Assert.True(refused.IsToolError);
        Assert.Equal($"Conflict: participant {participant} already has a current care plan ({Id(old)}, active or under review): set that plan to superseded first, or keep this one as a draft", refused.Text);
        Assert.Equal("active", activated["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("summary", "\"\"", "summary: is required")]
    [InlineData("effective_to", "\"2026-06-01\"", "effective_to: effective_to 2026-06-01 is not after effective_from 2026-07-01; review_date: review_date 2027-01-15 is after effective_to 2026-06-01")]
    [InlineData("status", "\"superseded\"", "status: a new care plan is draft or active, not superseded")]
    [InlineData("supports", "[{\"item_number\":\"01_999_0107_1_1\",\"frequency\":\"Weekly\",\"provider\":\"Team\"}]", "supports[0].item_number: 01_999_0107_1_1 is not in the support catalogue: find the item with search_catalogue")]
    [InlineData("risks", "[{\"description\":\"Falls\",\"level\":\"high\",\"mitigation\":\" \"}]", "risks[0].mitigation: is required")]
    public async Task ACreateThatBreaksARule_IsAToolErrorNamingFieldAndRule(string field, string json, string message)
    {
        string participant = await ParticipantAsync(Legacy);
        JsonObject arguments = NewPlan(participant);
        arguments[field] = JsonNode.Parse(json);

        ToolReply reply = await Server.CallAsync(Legacy, Key, "create_care_plan", arguments);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.Equal("Invalid input: " + message, reply.Text);
        Assert.Empty((await OkAsync(Legacy, Key, "list_care_plans", new JsonObject { ["participant_id"] = participant }))["items"]!.AsArray());
    }

    [Fact]
    public async Task MalformedParameters_AreASchemaErrorNamingTheNestedField_NotACrash()
    {
        string participant = await ParticipantAsync(Legacy);
        JsonObject wrongType = NewPlan(participant);
        wrongType["supports"] = "01_011_0107_1_1";
        JsonObject nullSupport = NewPlan(participant);
        nullSupport["supports"] = new JsonArray((JsonNode?)null);
        JsonObject unknownField = NewPlan(participant);
        unknownField["supports"]![0]!["price"] = 10;

        ToolReply typed = await Server.CallAsync(Legacy, Key, "create_care_plan", wrongType);
        ToolReply empty = await Server.CallAsync(Legacy, Key, "create_care_plan", nullSupport);
        ToolReply generic = await Server.CallAsync(Legacy, Key, "perform_operation", new JsonObject { ["model"] = "care_plan", ["operation"] = "create", ["parameters"] = unknownField });

        Assert.Equal(HttpStatusCode.OK, typed.Status);
        Assert.True(typed.IsToolError);
        Assert.Equal("`supports` must be a list, not the string '01_011_0107_1_1'.", typed.Text);
        Assert.Equal("`supports[0]` must be an object, not null.", empty.Text);
        Assert.True(generic.IsToolError);
        Assert.Equal("`parameters.supports[0].price` is not a field of `parameters.supports[0]`: leave it out (it takes item_number, frequency, provider, notes).", generic.Text);
    }

    [Fact]
    public async Task UpdateCarePlan_WithAStaleVersion_IsAConflictTellingTheModelToReReadAndRetry()
    {
        JsonNode created = await OkAsync(Legacy, Key, "create_care_plan", NewPlan(await ParticipantAsync(Legacy)));
        JsonObject first = Change(created, "summary", "First");
        await OkAsync(Legacy, Key, "update_care_plan", first);

        ToolReply stale = await Server.CallAsync(Legacy, Key, "update_care_plan", Change(created, "summary", "Second"));

        Assert.True(stale.IsToolError);
        Assert.StartsWith("Conflict: ", stale.Text, StringComparison.Ordinal);
        Assert.Contains("read it again and retry", stale.Text, StringComparison.Ordinal);
        Assert.Equal("First", (await OkAsync(Legacy, Key, "get_care_plan", new JsonObject { ["id"] = Id(created) }))["summary"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsCarePlans_AreNotFoundForEveryCarePlanTool(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        string otherKey = (await Server.CreateKeyAsync(other)).Token;
        string participant = await ParticipantAsync(era, otherKey);
        JsonNode theirs = await OkAsync(era, otherKey, "create_care_plan", NewPlan(participant, summary: "Their private plan"));
        string id = Id(theirs);

        foreach ((string tool, JsonObject arguments, string message) in new[]
        {
            ("get_care_plan", new JsonObject { ["id"] = id }, $"care plan {id} was not found"),
            ("update_care_plan", Change(theirs, "summary", "Hacked"), $"care plan {id} was not found"),
            ("list_care_plans", new JsonObject { ["participant_id"] = participant }, $"participant {participant} was not found"),
            ("create_care_plan", NewPlan(participant), $"participant {participant} was not found"),
        })
        {
            ToolReply reply = await Server.CallAsync(era, Key, tool, arguments);
            Assert.Equal("Not found: " + message, reply.Text);
        }

        JsonNode stillTheirs = await OkAsync(era, otherKey, "list_care_plans", new JsonObject { ["participant_id"] = participant });
        Assert.Equal("Their private plan", Assert.Single(stillTheirs["items"]!.AsArray())!["summary"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CarePlanTools_BeyondTheKeysScopes_AreHiddenAndRefusedWith403(string era)
    {
        string participantsOnly = (await Server.CreateKeyAsync(Tenant, TestTenant.Coordinator, Scopes.ParticipantsRead)).Token;
        string readOnly = (await Server.CreateKeyAsync(Tenant, TestTenant.Coordinator, Scopes.ParticipantsRead, Scopes.CarePlansRead)).Token;
        string participant = await ParticipantAsync(era);
        JsonNode plan = await OkAsync(era, Key, "create_care_plan", NewPlan(participant));

        Assert.DoesNotContain(await ToolNamesAsync(era, participantsOnly), n => n.Contains("care_plan", StringComparison.Ordinal));
        Assert.Equal(["get_care_plan", "list_care_plans"], (await ToolNamesAsync(era, readOnly)).Where(n => n.Contains("care_plan", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach ((string key, string tool, JsonObject arguments) in new[]
        {
            (participantsOnly, "list_care_plans", new JsonObject { ["participant_id"] = participant }),
            (participantsOnly, "get_care_plan", new JsonObject { ["id"] = Id(plan) }),
            (readOnly, "create_care_plan", NewPlan(participant)),
            (readOnly, "update_care_plan", Change(plan, "summary", "y")),
        })
        {
            ToolReply reply = await Server.CallAsync(era, key, tool, arguments);
            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        }

        Assert.Single((await OkAsync(era, Key, "list_care_plans", new JsonObject { ["participant_id"] = participant }))["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedCarePlanTools(string era)
    {
        string participant = await ParticipantAsync(era);
        string id = Id(await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "care_plan", ["operation"] = "create", ["parameters"] = NewPlan(participant) }));
        await OkAsync(era, Key, "create_care_plan", NewPlan(participant, summary: "Second draft"));

        JsonNode typedView = await OkAsync(era, Key, "get_care_plan", new JsonObject { ["id"] = id });
        JsonNode genericView = (await Server.PerformAsync(era, Key, "care_plan", "view", new JsonObject { ["id"] = id })).Structured;
        JsonNode typedList = await OkAsync(era, Key, "list_care_plans", new JsonObject { ["participant_id"] = participant });
        JsonNode genericList = (await Server.PerformAsync(era, Key, "care_plan", "list", new JsonObject { ["participant_id"] = participant })).Structured;

        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.Equal(2, typedList["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task CarePlanTools_AreAnnotatedAndPublishTheirLimits()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        Dictionary<string, JsonNode> tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!);

        foreach (string read in new[] { "list_care_plans", "get_care_plan" })
            Assert.True(tools[read]["annotations"]!["readOnlyHint"]!.GetValue<bool>());
        Assert.False(tools["create_care_plan"]["annotations"]!["readOnlyHint"]!.GetValue<bool>());
        Assert.True(tools["update_care_plan"]["annotations"]!["destructiveHint"]!.GetValue<bool>());
        JsonNode properties = tools["create_care_plan"]["inputSchema"]!["properties"]!;
        Assert.Equal(20, properties["supports"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(10, properties["risks"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(4000, properties["summary"]!["maxLength"]!.GetValue<int>());
        Assert.NotNull(tools["get_care_plan"]["outputSchema"]!["properties"]!["supports"]);
    }

    private async Task<List<string>> ToolNamesAsync(string era, string key)
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(Era(era, key, "tools/list"), TestContext.Current.CancellationToken);
        return (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }
}
