using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The read-only staff tools through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class StaffToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private async Task<StaffMember> AddAsync(TestTenant tenant, string given, string family, StaffRole role = StaffRole.SupportWorker)
    {
        var member = new StaffMember(RecordIds.New(StaffMember.IdPrefix), given, family, role, $"{given.ToLowerInvariant()}@example.org", "0412345678",
            ["Certificate III in Individual Support (Disability)", "First Aid (HLTAID011)"], Active: true);
        Assert.True((await Server.Services.GetRequiredService<IStaffStore>().AddAsync(tenant.OrganizationId, member, CancellationToken.None)).Succeeded);
        return member;
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task List_PagesByName_AndSearchesByNamePrefix(string era)
    {
        TestTenant tenant = await Server.CreateTenantAsync();
        string key = (await Server.CreateKeyAsync(tenant)).Token;
        foreach ((string given, string family) in new[] { ("Zoe", "Evans"), ("Ann", "Baker"), ("Tom", "Dunn"), ("Bea", "Adams"), ("Cy", "Clark") })
            await AddAsync(tenant, given, family);

        (List<string> seen, int pages) = await Server.ListAllAsync(era, key, "list_staff", new JsonObject { ["page_size"] = 2 }, "family_name");
        JsonNode search = (await Server.CallAsync(era, key, "list_staff", new JsonObject { ["search"] = "bak" })).Structured;

        Assert.Equal(["Adams", "Baker", "Clark", "Dunn", "Evans"], seen);
        Assert.Equal(3, pages);
        Assert.Equal("Ann", Assert.Single(search["items"]!.AsArray())!["given_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task Get_ReturnsRoleQualificationsAndActive(string era)
    {
        StaffMember nurse = await AddAsync(Tenant, "Mele", "Tupou", StaffRole.Nurse);

        JsonNode got = (await Server.CallAsync(era, Key, "get_staff_member", new JsonObject { ["id"] = nurse.Id })).Structured;

        Assert.Equal(("nurse", true, "mele@example.org"), (got["role"]!.GetValue<string>(), got["active"]!.GetValue<bool>(), got["email"]!.GetValue<string>()));
        Assert.Equal(nurse.Qualifications, got["qualifications"]!.AsArray().Select(q => q!.GetValue<string>()));
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsStaff_AreNotFoundAndNeverListed(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        StaffMember theirs = await AddAsync(other, "Secret", "Secretson");

        ToolReply get = await Server.CallAsync(era, Key, "get_staff_member", new JsonObject { ["id"] = theirs.Id });
        JsonNode search = (await Server.CallAsync(era, Key, "list_staff", new JsonObject { ["search"] = "secretson" })).Structured;

        Assert.Equal($"Not found: staff member {theirs.Id} was not found", get.Text);
        Assert.Empty(search["items"]!.AsArray());
    }

    [Theory]
    [InlineData("list_staff", "{\"page_size\":0}", "page_size 0 must be between 1 and 100")]
    [InlineData("list_staff", "{\"cursor\":\"made-up\"}", "cursor: is not a cursor from this list")]
    [InlineData("list_staff", "{\"search\":\"--\"}", "search: has no letters or digits to search for")]
    [InlineData("list_staff", "{\"role\":\"nurse\"}", "`role` is not an argument of list_staff: leave it out (it takes search, page_size, cursor).")]
    [InlineData("get_staff_member", "{}", "`id` is required: pass the staff member's `id` as list_staff returns it.")]
    [InlineData("get_staff_member", "{\"id\":[1]}", "`id` must be a string, not a list.")]
    [InlineData("get_staff_member", "{\"id\":\"st_aaaaaaaaaaaa\"}", "Not found: staff member st_aaaaaaaaaaaa was not found")]
    public async Task MalformedOrUnknownParameters_AreToolErrorsSayingWhat(string tool, string arguments, string expected)
    {
        ToolReply reply = await Server.CallAsync(Legacy, Key, tool, JsonNode.Parse(arguments)!.AsObject());

        Assert.True(reply.IsToolError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task WithoutTheStaffReadScope_Is403(string era)
    {
        string reader = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead, Scopes.CatalogueRead)).Token;

        ToolReply list = await Server.CallAsync(era, reader, "list_staff");
        ToolReply generic = await Server.CallAsync(era, reader, "perform_operation", new JsonObject { ["model"] = "staff", ["operation"] = "list", ["parameters"] = new JsonObject() });

        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.Equal(HttpStatusCode.Forbidden, generic.Status);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedTools(string era)
    {
        StaffMember member = await AddAsync(Tenant, "Generic", "Genericson", StaffRole.TeamLeader);

        JsonNode typedList = (await Server.CallAsync(era, Key, "list_staff", new JsonObject { ["search"] = "genericson" })).Structured;
        JsonNode genericList = (await Server.PerformAsync(era, Key, "staff", "list", new JsonObject { ["search"] = "genericson" })).Structured;
        JsonNode typedView = (await Server.CallAsync(era, Key, "get_staff_member", new JsonObject { ["id"] = member.Id })).Structured;
        JsonNode genericView = (await Server.PerformAsync(era, Key, "staff", "view", new JsonObject { ["id"] = member.Id })).Structured;

        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.Equal("team_leader", typedView["role"]!.GetValue<string>());
    }
}
