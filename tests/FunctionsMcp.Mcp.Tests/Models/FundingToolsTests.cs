using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The funding-line tools and the budget summary through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class FundingToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private static readonly string[] s_fundingTools = ["list_funding_lines", "get_funding_line", "create_funding_line", "update_funding_line", "get_budget_summary"];

    // Participants from ToolCalls.NewParticipant have a plan from 2026-07-01 to 2027-06-30.
    private static JsonObject NewLine(string participantId, string category = "01", decimal allocated = 36500.00m, decimal committed = 10000.00m, decimal spent = 9100.00m,
        string start = "2026-07-01", string end = "2027-06-30") => new()
    {
        ["participant_id"] = participantId,
        ["support_category"] = category,
        ["allocated"] = allocated,
        ["committed"] = committed,
        ["spent"] = spent,
        ["period_start"] = start,
        ["period_end"] = end,
        ["notes"] = "Weekday personal care",
    };

    private Task<JsonNode> OkAsync(string era, string key, string tool, JsonObject arguments) => Server.OkAsync(era, key, tool, arguments);

    private static string Id(JsonNode record) => record["id"]!.GetValue<string>();

    private static JsonObject Args(string name, string value) => new() { [name] = value };

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CreateGetUpdateListFundingLines_RoundTrip(string era)
    {
        string participant = await Server.CreateParticipantAsync(era, Key);

        JsonNode created = await OkAsync(era, Key, "create_funding_line", NewLine(participant, allocated: 1234.50m, committed: 0m, spent: 0.01m));
        JsonNode got = await OkAsync(era, Key, "get_funding_line", Args("id", Id(created)));
        JsonNode updated = await OkAsync(era, Key, "update_funding_line", new JsonObject { ["id"] = Id(created), ["version"] = got["version"]!.GetValue<string>(), ["spent"] = 200.25m });
        await OkAsync(era, Key, "create_funding_line", NewLine(participant, category: "07", allocated: 5000m, committed: 0m, spent: 0m));
        JsonNode dailyLife = await OkAsync(era, Key, "list_funding_lines", new JsonObject { ["participant_id"] = participant, ["support_category"] = "01" });
        JsonNode all = await OkAsync(era, Key, "list_funding_lines", Args("participant_id", participant));

        Assert.StartsWith("fl_", Id(created), StringComparison.Ordinal);
        Assert.Equal(("1234.50", "0.01", "0"), (created["allocated"]!.ToJsonString(), created["spent"]!.ToJsonString(), created["committed"]!.ToJsonString()));
        Assert.Equal(("Assistance with Daily Life", "Core", participant), (created["support_category_name"]!.GetValue<string>(), created["budget"]!.GetValue<string>(), created["participant_id"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(created, got));
        Assert.Equal(("200.25", "1234.50", TestTenant.Coordinator), (updated["spent"]!.ToJsonString(), updated["allocated"]!.ToJsonString(), updated["stamp"]!["updated_by"]!.GetValue<string>()));
        Assert.Equal(Id(created), Assert.Single(dailyLife["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(2, all["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("support_category", "16", "support_category: '16' is not a support category: use its two-digit number, 01 to 15 (e.g. 01 for Assistance with Daily Life, 15 for Improved Daily Living Skills)")]
    [InlineData("allocated", "-5", "allocated: -5 is negative: amounts are AUD of 0 or more")]
    [InlineData("spent", "10.005", "spent: 10.005 has more than two decimal places: amounts are AUD with cents")]
    [InlineData("committed", "30000", "allocated: committed 30000.00 + spent 9100.00 is more than allocated 36500.00: a line cannot commit and spend more than it allocates")]
    [InlineData("period_end", "2026-06-30", "period_end: period_end 2026-06-30 is before period_start 2026-07-01")]
    [InlineData("period_start", "2026-06-01", "period_start: period_start 2026-06-01 is before the participant's plan_start 2026-07-01")]
    [InlineData("period_end", "2027-07-01", "period_end: period_end 2027-07-01 is after the participant's plan_end 2027-06-30")]
    public async Task CreateFundingLine_ThatBreaksARule_IsAToolErrorNamingFieldAndRule(string field, string value, string message)
    {
        JsonObject arguments = NewLine(await Server.CreateParticipantAsync(Legacy, Key));
        arguments[field] = field is "allocated" or "committed" or "spent" ? JsonNode.Parse(value) : value;

        ToolReply reply = await Server.CallAsync(Legacy, Key, "create_funding_line", arguments);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.Equal("Invalid input: " + message, reply.Text);
    }

    [Fact]
    public async Task UpdateFundingLine_WithAStaleVersion_IsAConflictTellingTheModelToReReadAndRetry()
    {
        JsonNode created = await OkAsync(Legacy, Key, "create_funding_line", NewLine(await Server.CreateParticipantAsync(Legacy, Key)));
        string version = created["version"]!.GetValue<string>();
        var first = new JsonObject { ["id"] = Id(created), ["version"] = version, ["spent"] = 9200m };
        await OkAsync(Legacy, Key, "update_funding_line", first);

        ToolReply stale = await Server.CallAsync(Legacy, Key, "update_funding_line", new JsonObject { ["id"] = Id(created), ["version"] = version, ["spent"] = 9300m });

        Assert.True(stale.IsToolError);
        Assert.Equal($"Conflict: funding line {Id(created)} has changed since version {version} was read: read it again and retry with the new version", stale.Text);
        Assert.Equal("9200", (await OkAsync(Legacy, Key, "get_funding_line", Args("id", Id(created))))["spent"]!.ToJsonString());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsFunding_IsNotFoundForEveryFundingTool(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        string otherKey = (await Server.CreateKeyAsync(other)).Token;
        string participant = await Server.CreateParticipantAsync(era, otherKey);
        JsonNode theirs = await OkAsync(era, otherKey, "create_funding_line", NewLine(participant));
        string id = Id(theirs);
        JsonNode summaryBefore = await OkAsync(era, otherKey, "get_budget_summary", new JsonObject { ["participant_id"] = participant, ["as_of"] = "2026-09-29" });

        (string Tool, JsonObject Arguments, string Message)[] calls =
        [
            ("list_funding_lines", Args("participant_id", participant), $"participant {participant} was not found"),
            ("get_funding_line", Args("id", id), $"funding line {id} was not found"),
            ("create_funding_line", NewLine(participant), $"participant {participant} was not found"),
            ("update_funding_line", new JsonObject { ["id"] = id, ["version"] = theirs["version"]!.GetValue<string>(), ["spent"] = 0m }, $"funding line {id} was not found"),
            ("get_budget_summary", Args("participant_id", participant), $"participant {participant} was not found"),
        ];
        foreach ((string tool, JsonObject arguments, string message) in calls)
        {
            ToolReply reply = await Server.CallAsync(era, Key, tool, arguments);
            Assert.Equal("Not found: " + message, reply.Text);
        }

        Assert.Equal(s_fundingTools.Order(StringComparer.Ordinal), calls.Select(c => c.Tool).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(theirs, await OkAsync(era, otherKey, "get_funding_line", Args("id", id))));
        Assert.Single((await OkAsync(era, otherKey, "list_funding_lines", Args("participant_id", participant)))["items"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(summaryBefore, await OkAsync(era, otherKey, "get_budget_summary", new JsonObject { ["participant_id"] = participant, ["as_of"] = "2026-09-29" })));
    }

    [Theory]
    [InlineData(Legacy, false)]
    [InlineData(Modern, false)]
    [InlineData(Legacy, true)]
    [InlineData(Modern, true)]
    public async Task FundingTools_BeyondTheKeysScopes_AreHiddenAndRefusedWith403(string era, bool fundingRead)
    {
        // Every scope but funding's, or just participants:read and funding:read.
        string[] scopes = fundingRead ? [Scopes.ParticipantsRead, Scopes.FundingRead] : [.. Scopes.All.Where(s => !s.StartsWith("funding:", StringComparison.Ordinal))];
        string[] allowed = fundingRead ? ["get_budget_summary", "get_funding_line", "list_funding_lines"] : [];
        string key = (await Server.CreateKeyAsync(Tenant, TestTenant.Coordinator, scopes)).Token;
        string participant = await Server.CreateParticipantAsync(era, Key);
        JsonNode line = await OkAsync(era, Key, "create_funding_line", NewLine(participant));

        Assert.Equal(allowed, (await ToolNamesAsync(era, key)).Intersect(s_fundingTools).Order(StringComparer.Ordinal));
        foreach ((string tool, JsonObject arguments) in Calls(participant, line))
        {
            ToolReply reply = await Server.CallAsync(era, key, tool, arguments);
            if (allowed.Contains(tool))
                Assert.False(reply.IsToolError, reply.Text);
            else
                Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        }

        Assert.Equal(9100m, (await OkAsync(era, Key, "get_funding_line", Args("id", Id(line))))["spent"]!.GetValue<decimal>());
        Assert.Single((await OkAsync(era, Key, "list_funding_lines", Args("participant_id", participant)))["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedFundingTools(string era)
    {
        string participant = await Server.CreateParticipantAsync(era, Key);
        string id = Id((await Server.PerformAsync(era, Key, "funding_line", "create", NewLine(participant))).Structured);
        await OkAsync(era, Key, "create_funding_line", NewLine(participant, category: "15", allocated: 5000m, committed: 1000m, spent: 2730m));
        var summary = new JsonObject { ["participant_id"] = participant, ["as_of"] = "2026-09-29" };

        foreach ((string tool, string operation, JsonObject arguments) in new[]
        {
            ("get_funding_line", "view", Args("id", id)),
            ("list_funding_lines", "list", Args("participant_id", participant)),
            ("get_budget_summary", "budget_summary", summary),
        })
        {
            JsonNode typed = await OkAsync(era, Key, tool, arguments);
            ToolReply generic = await Server.PerformAsync(era, Key, "funding_line", operation, arguments.DeepClone());
            Assert.True(JsonNode.DeepEquals(typed, generic.Structured), $"{tool}: {typed.ToJsonString()} != {generic.Text}");
        }

        Assert.Equal(2, (await OkAsync(era, Key, "list_funding_lines", Args("participant_id", participant)))["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task GetBudgetSummary_AsOfADay_GivesTheFiguresOfTheLinesCurrentThen(string era)
    {
        // As of 2026-09-29, 91 days of the plan have gone by: 9100.00 spent is 100.00 a day, 2730.00 is 30.00 a day.
        string participant = await Server.CreateParticipantAsync(era, Key);
        await OkAsync(era, Key, "create_funding_line", NewLine(participant));
        await OkAsync(era, Key, "create_funding_line", NewLine(participant, category: "15", allocated: 5000m, committed: 1000m, spent: 2730m));
        await OkAsync(era, Key, "create_funding_line", NewLine(participant, category: "05", allocated: 3000m, committed: 500m, spent: 0m));
        await OkAsync(era, Key, "create_funding_line", NewLine(participant, category: "07", allocated: 4000m, committed: 0m, spent: 0m, start: "2027-01-01"));

        JsonNode summary = await OkAsync(era, Key, "get_budget_summary", new JsonObject { ["participant_id"] = participant, ["as_of"] = "2026-09-29" });

        Assert.Equal((participant, "2026-09-29", "AUD"), (summary["participant_id"]!.GetValue<string>(), summary["as_of"]!.GetValue<string>(), summary["currency"]!.GetValue<string>()));
        // (44500 − 11830) ÷ 130 = 251.3 → 252 days after 2026-09-29.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"name":"Total","allocated":44500.00,"committed":11500.00,"spent":11830.00,"remaining":21170.00,"daily_burn_rate":130.00,
             "projected_run_out":"2027-06-08","period_end":"2027-06-30","runs_out_before_period_end":true}
            """), summary["total"]), summary["total"]!.ToJsonString());
        Assert.Equal(["Core", "Capacity Building", "Capital"], summary["budgets"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()));
        Assert.Equal(["Assistance with Daily Life", "Assistive Technology", "Improved Daily Living Skills"], summary["categories"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        JsonNode skills = summary["categories"]![2]!;
        Assert.Equal((30m, "2026-12-14", true), (skills["daily_burn_rate"]!.GetValue<decimal>(), skills["projected_run_out"]!.GetValue<string>(), skills["runs_out_before_period_end"]!.GetValue<bool>()));
        JsonNode technology = summary["categories"]![1]!;
        Assert.True(technology.AsObject().ContainsKey("projected_run_out"));
        Assert.Equal((null, false), (technology["projected_run_out"], technology["runs_out_before_period_end"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task FundingTools_AreAnnotatedForWhatTheyDo()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        Dictionary<string, JsonNode> tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["annotations"]!);

        foreach (string read in new[] { "list_funding_lines", "get_funding_line", "get_budget_summary" })
        {
            // destructiveHint and idempotentHint mean something only when readOnlyHint is false (MCP ToolAnnotations), so reads leave them out.
            Assert.Equal((true, false), (tools[read]["readOnlyHint"]!.GetValue<bool>(), tools[read]["openWorldHint"]!.GetValue<bool>()));
            Assert.Null(tools[read]["destructiveHint"]);
        }

        Assert.Equal((false, false, false), (tools["create_funding_line"]["readOnlyHint"]!.GetValue<bool>(), tools["create_funding_line"]["destructiveHint"]!.GetValue<bool>(), tools["create_funding_line"]["idempotentHint"]!.GetValue<bool>()));
        Assert.Equal((false, true, false), (tools["update_funding_line"]["readOnlyHint"]!.GetValue<bool>(), tools["update_funding_line"]["destructiveHint"]!.GetValue<bool>(), tools["update_funding_line"]["idempotentHint"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task FundingToolSchemas_PublishTheLimits()
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(LegacyCall(Key, "tools/list"), TestContext.Current.CancellationToken);
        JsonNode create = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "create_funding_line")!["inputSchema"]!["properties"]!;

        Assert.Equal("^(0[1-9]|1[0-5])$", create["support_category"]!["pattern"]!.GetValue<string>());
        Assert.Equal((0d, 10_000_000d), (create["allocated"]!["minimum"]!.GetValue<double>(), create["allocated"]!["maximum"]!.GetValue<double>()));
        Assert.Equal(2000, create["notes"]!["maxLength"]!.GetValue<int>());
    }

    private async Task<List<string>> ToolNamesAsync(string era, string key)
    {
        using HttpResponseMessage list = await Server.Http.SendAsync(Era(era, key, "tools/list"), TestContext.Current.CancellationToken);
        return (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }

    private static (string Tool, JsonObject Arguments)[] Calls(string participant, JsonNode line) =>
    [
        ("list_funding_lines", Args("participant_id", participant)),
        ("get_funding_line", Args("id", Id(line))),
        ("create_funding_line", NewLine(participant)),
        ("update_funding_line", new JsonObject { ["id"] = Id(line), ["version"] = line["version"]!.GetValue<string>(), ["spent"] = 0m }),
        ("get_budget_summary", Args("participant_id", participant)),
    ];
}
