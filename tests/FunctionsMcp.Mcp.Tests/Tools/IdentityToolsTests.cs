using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Tests.Models;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Tools;

/// <summary>whoami answers in the same convention as every other tool: snake_case names and values.</summary>
public sealed class IdentityToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task Whoami_AnswersInSnakeCase_AndItsTextIsTheSameJson(string era)
    {
        string worker = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        ToolReply reply = await Server.CallAsync(era, worker, "whoami");

        JsonObject who = reply.Structured.AsObject();
        Assert.Equal(["organization_id", "user_id", "role", "scopes", "credential"], who.Select(p => p.Key));
        Assert.Equal((Tenant.OrganizationId, TestTenant.Worker, "support_worker", "access_key"),
            (who["organization_id"]!.GetValue<string>(), who["user_id"]!.GetValue<string>(), who["role"]!.GetValue<string>(), who["credential"]!.GetValue<string>()));
        Assert.Equal([Scopes.ParticipantsRead], who["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(who, JsonNode.Parse(reply.Text)));
    }
}
