using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Tests.Models;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Tools;

/// <summary>
/// Every tool an Admin's key sees, called with each required argument left out, with one argument of the wrong type,
/// and with an argument it does not take: each call is a tool error (isError, so the model reads it) whose sentence
/// names the argument, in our words.
/// </summary>
public sealed class ArgumentErrorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>What a message to a model must never contain: serializer talk, .NET type or namespace names.</summary>
    private static readonly string[] s_internals = ["JSON", ".NET", "FunctionsMcp.", "System.", "deserializ", "Exception"];

    private const string Unknown = "unexpected_argument";

    private McpTestServer _server = null!;
    private string _key = null!;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        TestTenant tenant = await _server.CreateTenantAsync();
        _key = (await _server.CreateKeyAsync(tenant, TestTenant.Admin)).Token;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EveryTool_MissingMistypedOrUnknownArguments_AreToolErrorsNamingTheArgumentInOurWords()
    {
        using HttpResponseMessage list = await _server.Http.SendAsync(LegacyCall(_key, "tools/list"), TestContext.Current.CancellationToken);
        JsonArray tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray();
        var problems = new List<string>();
        int calls = 0;

        foreach (JsonNode tool in tools.Select(t => t!))
        {
            string name = tool["name"]!.GetValue<string>();
            JsonNode schema = tool["inputSchema"]!;
            JsonObject valid = SampleArguments.Required(schema);

            foreach (string required in SampleArguments.RequiredNames(schema))
            {
                var without = (JsonObject)valid.DeepClone();
                without.Remove(required);
                problems.AddRange(await CheckAsync(name, without, required, "is required"));
                calls++;
            }

            if (SampleArguments.Mistyped(schema) is ({ } argument, { } wrong))
            {
                var mistyped = (JsonObject)valid.DeepClone();
                mistyped[argument] = wrong;
                problems.AddRange(await CheckAsync(name, mistyped, argument, "must be"));
                calls++;
            }

            var extra = (JsonObject)valid.DeepClone();
            extra[Unknown] = 1;
            problems.AddRange(await CheckAsync(name, extra, Unknown, "is not an argument of " + name));
            calls++;
        }

        Assert.True(tools.Count >= 31, $"only {tools.Count} tools listed");
        Assert.True(problems.Count == 0, $"{problems.Count} of {calls} calls answered badly:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task UpdateWithoutVersion_SaysToReadTheRecordFirstAndPassItsVersion()
    {
        ToolReply reply = await _server.CallAsync(Legacy, _key, "update_participant", new JsonObject { ["id"] = "pt_aaaaaaaaaaaa", ["phone"] = "0299990000" });

        Assert.True(reply.IsToolError);
        Assert.Equal("`version` is required: read the participant first with get_participant and pass its `version`.", reply.Text);
    }

    [Fact]
    public async Task SeveralProblems_AreAllNamedInOneAnswer_AndACamelCaseNameGetsItsSnakeCaseSpelling()
    {
        ToolReply reply = await _server.CallAsync(Legacy, _key, "create_goal", new JsonObject { ["participantId"] = "pt_aaaaaaaaaaaa", ["title"] = 7 });

        Assert.Equal(
            "`participant_id` is required: pass the participant's `id` as list_participants returns it. "
            + "`category` is required: send one of daily_living, home, health_and_wellbeing, lifelong_learning, work, social_and_community, relationships, choice_and_control. "
            + "`participantId` is not an argument of create_goal: did you mean `participant_id`? "
            + "`title` must be a string, not the number 7.",
            reply.Text);
    }

    private async Task<IEnumerable<string>> CheckAsync(string tool, JsonObject arguments, string argument, string expected)
    {
        ToolReply reply = await _server.CallAsync(Legacy, _key, tool, arguments);
        string what = $"{tool} {arguments.ToJsonString()}";
        if (reply.Status != HttpStatusCode.OK || !reply.IsToolError)
            return [$"{what}: not a tool error ({reply.Status}): {reply.Result?.ToJsonString() ?? reply.Error?.ToJsonString()}"];
        var problems = new List<string>();
        if (!reply.Text.Contains($"`{argument}` {expected}", StringComparison.Ordinal))
            problems.Add($"{what}: does not say \"`{argument}` {expected}\": {reply.Text}");
        problems.AddRange(s_internals.Where(word => reply.Text.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(word => $"{what}: says '{word}': {reply.Text}"));
        return problems;
    }
}
