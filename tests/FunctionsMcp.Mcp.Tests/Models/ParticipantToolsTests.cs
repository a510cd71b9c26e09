using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The participant tools through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class ParticipantToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private async Task<JsonNode> CreateAsync(string era, JsonObject? fields = null)
    {
        ToolReply reply = await Server.CallAsync(era, Key, "create_participant", fields ?? ToolCalls.NewParticipant(ToolCalls.NextNdis()));
        Assert.False(reply.IsToolError, reply.Text);
        return reply.Structured;
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AResult_HoldsEachFieldOnce_AndOneTextBlockOfTheSameJson_WrittenWithoutEscapes(string era)
    {
        JsonNode created = await CreateAsync(era, ToolCalls.NewParticipant(ToolCalls.NextNdis(), given: "Zoë", family: "O'Brien"));

        using HttpResponseMessage response = await Server.Http.SendAsync(
            Era(era, Key, "tools/call", Call("get_participant", new JsonObject { ["id"] = created["id"]!.GetValue<string>() })), TestContext.Current.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        JsonNode result = JsonNode.Parse(body)!["result"]!;
        string[] fields = ["id", "ndis_number", "given_name", "family_name", "preferred_name", "date_of_birth", "email", "phone", "address",
            "plan_start", "plan_end", "plan_management", "primary_disability", "status", "stamp", "version"];
        Assert.Equal(fields, result["structuredContent"]!.AsObject().Select(p => p.Key));
        string text = Assert.Single(result["content"]!.AsArray())!["text"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(result["structuredContent"], JsonNode.Parse(text)));
        // On the wire: the record once as structured content and once as text, with quotes, apostrophes and accents as themselves.
        Assert.Equal(2, body.Split("ndis_number").Length - 1);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
        Assert.Contains(@"\""given_name\"":\""Zoë\""", body, StringComparison.Ordinal);
        Assert.Contains(@"\""family_name\"":\""O'Brien\""", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CreateGetUpdateArchiveRestore_RoundTrip(string era)
    {
        JsonNode created = await CreateAsync(era);
        string id = created["id"]!.GetValue<string>();
        Assert.StartsWith("pt_", id, StringComparison.Ordinal);
        Assert.Equal(TestTenant.Coordinator, created["stamp"]!["created_by"]!.GetValue<string>());

        JsonNode got = (await Server.CallAsync(era, Key, "get_participant", new JsonObject { ["id"] = id })).Structured;
        Assert.Equal(created["version"]!.GetValue<string>(), got["version"]!.GetValue<string>());

        JsonNode updated = (await Server.CallAsync(era, Key, "update_participant", new JsonObject { ["id"] = id, ["version"] = got["version"]!.GetValue<string>(), ["preferred_name"] = "Avi" })).Structured;
        Assert.Equal(("Avi", "Ava"), (updated["preferred_name"]!.GetValue<string>(), updated["given_name"]!.GetValue<string>()));

        JsonNode archived = (await Server.CallAsync(era, Key, "archive_participant", new JsonObject { ["id"] = id, ["version"] = updated["version"]!.GetValue<string>() })).Structured;
        Assert.Equal("archived", archived["status"]!.GetValue<string>());
        JsonNode restored = (await Server.CallAsync(era, Key, "restore_participant", new JsonObject { ["id"] = id, ["version"] = archived["version"]!.GetValue<string>() })).Structured;
        Assert.Equal("active", restored["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ndis_number", "12", "ndis_number: '12' is not an NDIS number: it has 9 digits and starts with 43")]
    [InlineData("plan_end", "2026-01-01", "plan_end: plan_end 2026-01-01 is before plan_start 2026-07-01")]
    [InlineData("date_of_birth", "2099-01-01", "date_of_birth: 2099-01-01 is not in the past")]
    [InlineData("email", "nope", "email: 'nope' is not an email address")]
    public async Task Create_ThatBreaksARule_IsAToolErrorNamingFieldAndRule(string field, string value, string message)
    {
        JsonObject fields = ToolCalls.NewParticipant(ToolCalls.NextNdis());
        fields[field] = value;

        ToolReply reply = await Server.CallAsync(Legacy, Key, "create_participant", fields);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.Equal("Invalid input: " + message, reply.Text);
    }

    [Theory]
    [InlineData("{\"given_name\":5}", "`given_name` must be a string, not the number 5.")]
    [InlineData("{\"date_of_birth\":\"last tuesday\"}", "`date_of_birth` must be a date written yyyy-MM-dd (e.g. 2026-07-01), not the string 'last tuesday'.")]
    [InlineData("{\"plan_management\":\"sometimes\"}", "`plan_management` must be one of agency, plan, self, not the string 'sometimes'.")]
    [InlineData("{\"organization_id\":\"other-org\"}", "`organization_id` is not an argument of create_participant: leave it out (it takes ndis_number, ")]
    public async Task Create_WithMalformedParameters_SaysWhichFieldIsWrongAndWhatItMustBe(string patch, string message)
    {
        JsonObject fields = ToolCalls.NewParticipant(ToolCalls.NextNdis());
        foreach ((string key, JsonNode? value) in JsonNode.Parse(patch)!.AsObject())
            fields[key] = value?.DeepClone();

        ToolReply reply = await Server.CallAsync(Legacy, Key, "create_participant", fields);

        Assert.True(reply.IsToolError);
        Assert.StartsWith(message, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsAConflictTellingTheModelToReReadAndRetry()
    {
        JsonNode created = await CreateAsync(Legacy);
        string id = created["id"]!.GetValue<string>();
        string version = created["version"]!.GetValue<string>();
        await Server.CallAsync(Legacy, Key, "update_participant", new JsonObject { ["id"] = id, ["version"] = version, ["phone"] = "0299990000" });

        ToolReply stale = await Server.CallAsync(Legacy, Key, "update_participant", new JsonObject { ["id"] = id, ["version"] = version, ["phone"] = "0311112222" });

        Assert.True(stale.IsToolError);
        Assert.StartsWith("Conflict: ", stale.Text, StringComparison.Ordinal);
        Assert.Contains("read it again and retry", stale.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateNdisNumber_IsAConflict()
    {
        string ndis = ToolCalls.NextNdis();
        await CreateAsync(Legacy, ToolCalls.NewParticipant(ndis));

        ToolReply second = await Server.CallAsync(Legacy, Key, "create_participant", ToolCalls.NewParticipant(ndis, given: "Other"));

        Assert.Equal($"Conflict: NDIS number {ndis} already belongs to another participant in your organization", second.Text);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task List_PagesWithStableOrderAndNoRepeats(string era)
    {
        TestTenant tenant = await Server.CreateTenantAsync();
        string key = (await Server.CreateKeyAsync(tenant)).Token;
        string[] families = ["Evans", "Baker", "Dunn", "Adams", "Clark"];
        foreach (string family in families)
            await Server.CallAsync(era, key, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis(), family: family));

        (List<string> seen, int pages) = await Server.ListAllAsync(era, key, "list_participants", new JsonObject { ["page_size"] = 2 }, "family_name");

        Assert.Equal(["Adams", "Baker", "Clark", "Dunn", "Evans"], seen);
        Assert.True(pages >= 3);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task List_SaysHowManyMoreFollow_AndTheLastPageHasNoCursor(string era)
    {
        TestTenant tenant = await Server.CreateTenantAsync();
        string key = (await Server.CreateKeyAsync(tenant)).Token;
        foreach (string family in new[] { "Evans", "Baker", "Dunn", "Adams", "Clark" })
            await Server.CallAsync(era, key, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis(), family: family));

        var pages = new List<(int Items, int More, bool Cursor)>();
        string? cursor = null;
        do
        {
            var arguments = new JsonObject { ["page_size"] = 2 };
            if (cursor is not null)
                arguments["cursor"] = cursor;
            JsonNode page = (await Server.CallAsync(era, key, "list_participants", arguments)).Structured;
            cursor = page["next_cursor"]?.GetValue<string>();
            pages.Add((page["items"]!.AsArray().Count, page["more"]!.GetValue<int>(), cursor is not null));
        }
        while (cursor is not null);
        JsonNode whole = (await Server.CallAsync(era, key, "list_participants", new JsonObject { ["page_size"] = 5 })).Structured;

        Assert.Equal([(2, 3, true), (2, 1, true), (1, 0, false)], pages);
        Assert.Equal((5, 0), (whole["items"]!.AsArray().Count, whole["more"]!.GetValue<int>()));
        Assert.Null(whole["next_cursor"]);
    }

    [Fact]
    public async Task List_WithOutOfRangePageSizeOrForeignCursor_IsAToolError()
    {
        ToolReply big = await Server.CallAsync(Legacy, Key, "list_participants", new JsonObject { ["page_size"] = 500 });
        ToolReply cursor = await Server.CallAsync(Legacy, Key, "list_participants", new JsonObject { ["cursor"] = "made-up" });

        Assert.Contains("page_size 500 must be between 1 and 100", big.Text, StringComparison.Ordinal);
        Assert.Contains("cursor: is not a cursor from this list", cursor.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsParticipant_IsNotFoundForEveryTool_AndNeverListed(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        string otherKey = (await Server.CreateKeyAsync(other)).Token;
        JsonNode theirs = (await Server.CallAsync(era, otherKey, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis(), family: "Secretson"))).Structured;
        string id = theirs["id"]!.GetValue<string>();
        string version = theirs["version"]!.GetValue<string>();

        foreach ((string tool, JsonObject arguments) in new[]
        {
            ("get_participant", new JsonObject { ["id"] = id }),
            ("update_participant", new JsonObject { ["id"] = id, ["version"] = version, ["given_name"] = "Hacked" }),
            ("archive_participant", new JsonObject { ["id"] = id, ["version"] = version }),
            ("restore_participant", new JsonObject { ["id"] = id, ["version"] = version }),
        })
        {
            ToolReply reply = await Server.CallAsync(era, Key, tool, arguments);
            Assert.Equal($"Not found: participant {id} was not found", reply.Text);
        }

        JsonNode search = (await Server.CallAsync(era, Key, "list_participants", new JsonObject { ["search"] = "secretson", ["status"] = "all" })).Structured;
        JsonNode byNdis = (await Server.CallAsync(era, Key, "list_participants", new JsonObject { ["search"] = theirs["ndis_number"]!.GetValue<string>(), ["status"] = "all" })).Structured;
        Assert.Empty(search["items"]!.AsArray());
        Assert.Empty(byNdis["items"]!.AsArray());
        Assert.Equal("Secretson", (await Server.CallAsync(era, otherKey, "get_participant", new JsonObject { ["id"] = id })).Structured["family_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameNdisNumberInAnotherOrganization_IsNotReportedAsTaken()
    {
        string ndis = ToolCalls.NextNdis();
        TestTenant other = await Server.CreateTenantAsync();
        await Server.CallAsync(Legacy, (await Server.CreateKeyAsync(other)).Token, "create_participant", ToolCalls.NewParticipant(ndis));

        ToolReply mine = await Server.CallAsync(Legacy, Key, "create_participant", ToolCalls.NewParticipant(ndis));

        Assert.False(mine.IsToolError, mine.Text);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task WriteToolsWithAReadKey_AreHiddenAndRefusedWith403(string era)
    {
        string reader = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        using HttpResponseMessage list = await Server.Http.SendAsync(Era(era, reader, "tools/list"), TestContext.Current.CancellationToken);
        List<string> names = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        ToolReply create = await Server.CallAsync(era, reader, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis()));

        Assert.Contains("list_participants", names);
        Assert.DoesNotContain("create_participant", names);
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
    }
}
