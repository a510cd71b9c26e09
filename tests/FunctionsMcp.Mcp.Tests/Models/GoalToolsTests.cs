using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The goal and goal-activity tools through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class GoalToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private static JsonObject NewGoal(string participantId, string title = "Catch the bus to work on my own") => new()
    {
        ["participant_id"] = participantId,
        ["title"] = title,
        ["category"] = "work",
        ["description"] = "Travel training twice a week",
        ["target_date"] = "2027-06-30",
    };

    private static JsonObject NewActivity(string goalId, string date = "2026-01-15") => new()
    {
        ["goal_id"] = goalId,
        ["date"] = date,
        ["staff_member"] = "Sam Worker",
        ["minutes"] = 90,
        ["outcome"] = "progressed",
        ["notes"] = "Caught the 8:15 with prompting",
    };

    private Task<JsonNode> OkAsync(string era, string key, string tool, JsonObject arguments) => Server.OkAsync(era, key, tool, arguments);

    private Task<string> ParticipantAsync(string era, string? key = null) => Server.CreateParticipantAsync(era, key ?? Key);

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CreateGetUpdateListGoals_RoundTrip(string era)
    {
        string participant = await ParticipantAsync(era);

        JsonNode created = await OkAsync(era, Key, "create_goal", NewGoal(participant));
        string id = created["id"]!.GetValue<string>();
        JsonNode got = await OkAsync(era, Key, "get_goal", new JsonObject { ["id"] = id });
        JsonNode updated = await OkAsync(era, Key, "update_goal", new JsonObject { ["id"] = id, ["version"] = got["version"]!.GetValue<string>(), ["status"] = "in_progress" });
        JsonNode inProgress = await OkAsync(era, Key, "list_goals", new JsonObject { ["participant_id"] = participant, ["status"] = "in_progress" });
        JsonNode notStarted = await OkAsync(era, Key, "list_goals", new JsonObject { ["participant_id"] = participant, ["status"] = "not_started" });

        Assert.StartsWith("gl_", id, StringComparison.Ordinal);
        Assert.Equal(("not_started", "work", participant), (created["status"]!.GetValue<string>(), created["category"]!.GetValue<string>(), created["participant_id"]!.GetValue<string>()));
        Assert.Equal(created["version"]!.GetValue<string>(), got["version"]!.GetValue<string>());
        Assert.Equal(("in_progress", "Catch the bus to work on my own"), (updated["status"]!.GetValue<string>(), updated["title"]!.GetValue<string>()));
        Assert.Equal(id, Assert.Single(inProgress["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Empty(notStarted["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task LogAndListActivities_NewestFirst_APageAtATime(string era)
    {
        string goal = (await OkAsync(era, Key, "create_goal", NewGoal(await ParticipantAsync(era))))["id"]!.GetValue<string>();
        foreach (string date in new[] { "2026-01-10", "2026-03-01", "2026-02-14" })
            await OkAsync(era, Key, "log_goal_activity", NewActivity(goal, date));

        (List<string> dates, _) = await Server.ListAllAsync(era, Key, "list_goal_activities", new JsonObject { ["goal_id"] = goal, ["page_size"] = 2 }, "date");

        Assert.Equal(["2026-03-01", "2026-02-14", "2026-01-10"], dates);
    }

    [Theory]
    [InlineData("create_goal", "title", "", "title: is required")]
    [InlineData("create_goal", "target_date", "1999-01-01", "target_date: 1999-01-01 is not after 2000-01-01")]
    [InlineData("log_goal_activity", "date", "2999-01-01", "date: 2999-01-01 is in the future")]
    [InlineData("log_goal_activity", "minutes", "0", "minutes: 0 is not between 1 and 1440")]
    public async Task AToolCallThatBreaksARule_IsAToolErrorNamingFieldAndRule(string tool, string field, string value, string message)
    {
        string participant = await ParticipantAsync(Legacy);
        string goal = (await OkAsync(Legacy, Key, "create_goal", NewGoal(participant)))["id"]!.GetValue<string>();
        JsonObject arguments = tool == "create_goal" ? NewGoal(participant) : NewActivity(goal);
        arguments[field] = field == "minutes" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;

        ToolReply reply = await Server.CallAsync(Legacy, Key, tool, arguments);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.Equal("Invalid input: " + message, reply.Text);
    }

    [Fact]
    public async Task UpdateGoal_WithAStaleVersion_IsAConflictTellingTheModelToReReadAndRetry()
    {
        JsonNode created = await OkAsync(Legacy, Key, "create_goal", NewGoal(await ParticipantAsync(Legacy)));
        var first = new JsonObject { ["id"] = created["id"]!.GetValue<string>(), ["version"] = created["version"]!.GetValue<string>(), ["status"] = "in_progress" };
        await OkAsync(Legacy, Key, "update_goal", first);

        ToolReply stale = await Server.CallAsync(Legacy, Key, "update_goal", (JsonObject)first.DeepClone());

        Assert.True(stale.IsToolError);
        Assert.StartsWith("Conflict: ", stale.Text, StringComparison.Ordinal);
        Assert.Contains("read it again and retry", stale.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateGoal_ForAnUnknownParticipant_IsNotFound()
    {
        ToolReply reply = await Server.CallAsync(Legacy, Key, "create_goal", NewGoal("pt_x"));

        Assert.Equal("Not found: participant pt_x was not found", reply.Text);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsGoals_AreNotFoundForEveryGoalTool(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        string otherKey = (await Server.CreateKeyAsync(other)).Token;
        string participant = await ParticipantAsync(era, otherKey);
        JsonNode theirs = await OkAsync(era, otherKey, "create_goal", NewGoal(participant, "Their secret goal"));
        string id = theirs["id"]!.GetValue<string>();
        await OkAsync(era, otherKey, "log_goal_activity", NewActivity(id));

        foreach ((string tool, JsonObject arguments, string message) in new[]
        {
            ("get_goal", new JsonObject { ["id"] = id }, $"goal {id} was not found"),
            ("update_goal", new JsonObject { ["id"] = id, ["version"] = theirs["version"]!.GetValue<string>(), ["title"] = "Hacked" }, $"goal {id} was not found"),
            ("list_goals", new JsonObject { ["participant_id"] = participant }, $"participant {participant} was not found"),
            ("create_goal", NewGoal(participant), $"participant {participant} was not found"),
            ("list_goal_activities", new JsonObject { ["goal_id"] = id }, $"goal {id} was not found"),
            ("log_goal_activity", NewActivity(id), $"goal {id} was not found"),
        })
        {
            ToolReply reply = await Server.CallAsync(era, Key, tool, arguments);
            Assert.Equal("Not found: " + message, reply.Text);
        }

        JsonNode stillTheirs = await OkAsync(era, otherKey, "get_goal", new JsonObject { ["id"] = id });
        JsonNode activities = await OkAsync(era, otherKey, "list_goal_activities", new JsonObject { ["goal_id"] = id });
        Assert.Equal("Their secret goal", stillTheirs["title"]!.GetValue<string>());
        Assert.Single(activities["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task GoalTools_WithAParticipantsOnlyKey_AreHiddenAndRefusedWith403(string era)
    {
        string participantsOnly = (await Server.CreateKeyAsync(Tenant, TestTenant.Coordinator, Scopes.ParticipantsRead, Scopes.ParticipantsWrite)).Token;
        string participant = await ParticipantAsync(era);
        string goal = (await OkAsync(era, Key, "create_goal", NewGoal(participant)))["id"]!.GetValue<string>();

        using HttpResponseMessage list = await Server.Http.SendAsync(Era(era, participantsOnly, "tools/list"), TestContext.Current.CancellationToken);
        List<string> names = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain(names, n => n.Contains("goal", StringComparison.Ordinal));

        foreach ((string tool, JsonObject arguments) in new[]
        {
            ("list_goals", new JsonObject { ["participant_id"] = participant }),
            ("get_goal", new JsonObject { ["id"] = goal }),
            ("create_goal", NewGoal(participant)),
            ("update_goal", new JsonObject { ["id"] = goal, ["version"] = "x", ["title"] = "y" }),
            ("list_goal_activities", new JsonObject { ["goal_id"] = goal }),
            ("log_goal_activity", NewActivity(goal)),
        })
        {
            ToolReply reply = await Server.CallAsync(era, participantsOnly, tool, arguments);
            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        }
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ASupportWorker_LogsActivities_ButCannotCreateOrChangeGoals(string era)
    {
        string worker = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead, Scopes.GoalsRead, Scopes.GoalsWrite)).Token;
        string participant = await ParticipantAsync(era);
        JsonNode goal = await OkAsync(era, Key, "create_goal", NewGoal(participant));
        string id = goal["id"]!.GetValue<string>();

        ToolReply create = await Server.CallAsync(era, worker, "create_goal", NewGoal(participant));
        ToolReply update = await Server.CallAsync(era, worker, "update_goal", new JsonObject { ["id"] = id, ["version"] = goal["version"]!.GetValue<string>(), ["status"] = "achieved" });
        ToolReply generic = await Server.CallAsync(era, worker, "perform_operation", new JsonObject { ["model"] = "goal", ["operation"] = "create", ["parameters"] = NewGoal(participant) });
        JsonNode logged = await OkAsync(era, worker, "log_goal_activity", NewActivity(id));

        foreach (ToolReply refused in new[] { create, update, generic })
        {
            Assert.True(refused.IsToolError);
            Assert.Contains("support workers can log goal activities but not create or change goals", refused.Text, StringComparison.Ordinal);
        }

        Assert.Equal(TestTenant.Worker, logged["stamp"]!["created_by"]!.GetValue<string>());
        Assert.Equal("not_started", (await OkAsync(era, Key, "get_goal", new JsonObject { ["id"] = id }))["status"]!.GetValue<string>());
        Assert.Single((await OkAsync(era, Key, "list_goals", new JsonObject { ["participant_id"] = participant }))["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedGoalTools(string era)
    {
        string participant = await ParticipantAsync(era);
        string id = (await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "goal", ["operation"] = "create", ["parameters"] = NewGoal(participant) }))["id"]!.GetValue<string>();
        string goal = (await OkAsync(era, Key, "create_goal", NewGoal(participant, "Cook a meal")))["id"]!.GetValue<string>();
        await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "goal_activity", ["operation"] = "create", ["parameters"] = NewActivity(goal) });

        JsonNode typedView = await OkAsync(era, Key, "get_goal", new JsonObject { ["id"] = id });
        JsonNode genericView = await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "goal", ["operation"] = "view", ["parameters"] = new JsonObject { ["id"] = id } });
        JsonNode typedList = await OkAsync(era, Key, "list_goals", new JsonObject { ["participant_id"] = participant });
        JsonNode genericList = await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "goal", ["operation"] = "list", ["parameters"] = new JsonObject { ["participant_id"] = participant } });
        JsonNode typedActivities = await OkAsync(era, Key, "list_goal_activities", new JsonObject { ["goal_id"] = goal });
        JsonNode genericActivities = await OkAsync(era, Key, "perform_operation", new JsonObject { ["model"] = "goal_activity", ["operation"] = "list", ["parameters"] = new JsonObject { ["goal_id"] = goal } });

        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.True(JsonNode.DeepEquals(typedActivities, genericActivities));
        Assert.Equal(2, typedList["items"]!.AsArray().Count);
        Assert.Single(typedActivities["items"]!.AsArray());
    }

    [Fact]
    public async Task GoalTools_AreAnnotatedForWhatTheyDo()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        Dictionary<string, JsonNode> tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["annotations"]!);

        foreach (string read in new[] { "list_goals", "get_goal", "list_goal_activities" })
            Assert.True(tools[read]["readOnlyHint"]!.GetValue<bool>());
        foreach (string write in new[] { "create_goal", "update_goal", "log_goal_activity" })
            Assert.False(tools[write]["readOnlyHint"]!.GetValue<bool>());
        Assert.True(tools["update_goal"]["destructiveHint"]!.GetValue<bool>());
        Assert.False(tools["log_goal_activity"]["destructiveHint"]!.GetValue<bool>());
    }
}
