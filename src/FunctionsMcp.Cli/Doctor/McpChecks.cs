using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// With a credential, what a client does once connected, in both eras and timed: 2025-06-18 (initialize,
/// notifications/initialized, then tools/list and a tool call with <c>MCP-Protocol-Version</c>) and 2026-07-28
/// (server/discover, then the same calls with per-request <c>_meta</c>). The tool called is <c>whoami</c>, or else the
/// first read-only tool that needs no arguments, so the check never changes data.
/// </summary>
internal static class McpChecks
{
    private const string WhoAmI = "whoami";

    public static async Task<IReadOnlyList<DoctorStep>> RunAsync(DoctorSession session)
    {
        if (session.Credential is null)
        {
            return [DoctorStep.Skip("mcp-calls", "MCP calls",
                $"skipped: give --key or --token to try initialize, tools/list and a read-only tool in {McpWire.InitializeEraVersion} and {McpWire.PerRequestVersion}",
                required: false)];
        }

        return [.. await InitializeEraAsync(session), .. await PerRequestEraAsync(session)];
    }

    private static async Task<IReadOnlyList<DoctorStep>> InitializeEraAsync(DoctorSession session)
    {
        string era = McpWire.InitializeEraVersion;
        string name = $"initialize-{era}", title = $"initialize ({era})";
        var parameters = new JsonObject { ["protocolVersion"] = era, ["capabilities"] = new JsonObject(), ["clientInfo"] = McpWire.ClientInfo() };
        McpCall initialize = await McpCalls.SendAsync(session, McpWire.Initialize, parameters, id: 1, version: null, perRequest: false);
        if (initialize.Result is not { } result)
            return [DoctorStep.Fail(name, title, initialize.Problem!, initialize.Ms), .. Skipped(era, McpWire.Initialize)];

        string agreed = HttpAnswer.Text(result, "protocolVersion") ?? era;
        McpCall initialized = await McpCalls.SendAsync(session, McpWire.Initialized, null, id: null, version: agreed, perRequest: false);
        if (initialized.Problem is { } problem)
            return [DoctorStep.Fail(name, title, problem, initialize.Ms + initialized.Ms), .. Skipped(era, McpWire.Initialize)];

        DoctorStep step = DoctorStep.Pass(name, title, $"{Server(result)} agreed on {agreed}", initialize.Ms);
        return [step, .. await ToolStepsAsync(session, agreed, perRequest: false)];
    }

    private static async Task<IReadOnlyList<DoctorStep>> PerRequestEraAsync(DoctorSession session)
    {
        string era = McpWire.PerRequestVersion;
        string name = $"server-discover-{era}", title = $"server/discover ({era})";
        McpCall discover = await McpCalls.SendAsync(session, McpWire.Discover, null, id: 1, version: era, perRequest: true);
        if (discover.Result is not { } result)
            return [DoctorStep.Fail(name, title, discover.Problem!, discover.Ms), .. Skipped(era, McpWire.Discover)];

        string[] supported = (result["supportedVersions"] as JsonArray)?.Select(v => v?.ToString() ?? "").ToArray() ?? [];
        if (!supported.Contains(era))
        {
            return [DoctorStep.Fail(name, title, new Finding(
                $"supportedVersions is [{string.Join(", ", supported)}], without {era}",
                $"Update the app: clients pinned to {era} cannot use it."), discover.Ms), .. Skipped(era, McpWire.Discover)];
        }

        DoctorStep step = DoctorStep.Pass(name, title, $"{Server(result)} supports {string.Join(", ", supported)}", discover.Ms);
        return [step, .. await ToolStepsAsync(session, era, perRequest: true)];
    }

    private static async Task<IReadOnlyList<DoctorStep>> ToolStepsAsync(DoctorSession session, string version, bool perRequest)
    {
        string listName = $"tools-list-{version}", listTitle = $"tools/list ({version})";
        string callName = $"tools-call-{version}";
        McpCall list = await McpCalls.SendAsync(session, McpWire.ToolsList, null, id: 2, version, perRequest);
        JsonObject[]? tools = (list.Result?["tools"] as JsonArray)?.OfType<JsonObject>().ToArray();
        if (tools is null)
        {
            Finding problem = list.Problem ?? new Finding("the result has no tools array", AnswerProblems.NotOurServer);
            return [DoctorStep.Fail(listName, listTitle, problem, list.Ms), DoctorStep.Skip(callName, $"tools/call ({version})", "skipped: tools/list failed")];
        }

        DoctorStep listed = DoctorStep.Pass(listName, listTitle, $"{tools.Length} tool{(tools.Length == 1 ? "" : "s")}", list.Ms);
        if (Pick(tools) is not { } tool)
            return [listed, DoctorStep.Skip(callName, $"tools/call ({version})", "skipped: no read-only tool that needs no arguments", required: false)];

        string callTitle = $"tools/call {tool} ({version})";
        McpCall call = await McpCalls.SendAsync(session, McpWire.ToolsCall, new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() }, id: 3, version, perRequest, name: tool);
        if (call.Result is not { } result)
            return [listed, DoctorStep.Fail(callName, callTitle, call.Problem!, call.Ms)];
        if (result["isError"] is JsonValue isError && isError.TryGetValue(out bool failed) && failed)
        {
            string text = (result["content"] as JsonArray)?.OfType<JsonObject>().Select(c => HttpAnswer.Text(c, "text")).FirstOrDefault(t => t is not null) ?? "no message";
            return [listed, DoctorStep.Fail(callName, callTitle, new Finding($"{tool} answered a tool error: {text}", "The tool failed for this credential: its message says why."), call.Ms)];
        }

        return [listed, DoctorStep.Pass(callName, callTitle, Answered(tool, result), call.Ms)];
    }

    private static IEnumerable<DoctorStep> Skipped(string version, string failed) =>
    [
        DoctorStep.Skip($"tools-list-{version}", $"tools/list ({version})", $"skipped: {failed} failed"),
        DoctorStep.Skip($"tools-call-{version}", $"tools/call ({version})", $"skipped: {failed} failed"),
    ];

    /// <summary><c>whoami</c> when listed; otherwise the first tool marked read-only that requires no argument.</summary>
    private static string? Pick(JsonObject[] tools)
    {
        string?[] names = tools.Select(t => HttpAnswer.Text(t, "name")).ToArray();
        if (names.Contains(WhoAmI))
            return WhoAmI;
        return tools.Where(t => t["annotations"]?["readOnlyHint"] is JsonValue hint && hint.TryGetValue(out bool readOnly) && readOnly)
            .Where(t => t["inputSchema"]?["required"] is not JsonArray { Count: > 0 })
            .Select(t => HttpAnswer.Text(t, "name"))
            .FirstOrDefault(n => n is not null);
    }

    private static string Server(JsonObject result)
    {
        JsonNode? info = result["serverInfo"] ?? result["_meta"]?["io.modelcontextprotocol/serverInfo"];
        return info is JsonObject server && HttpAnswer.Text(server, "name") is { } name ? $"{name} {HttpAnswer.Text(server, "version")}".TrimEnd() : "the server";
    }

    /// <summary>What the call said, in a few words: for whoami, whom the credential acts for (ids and scopes only).</summary>
    private static string Answered(string tool, JsonObject result)
    {
        if (tool == WhoAmI && result["structuredContent"] is JsonObject who)
        {
            int scopes = (who["scopes"] as JsonArray)?.Count ?? 0;
            // snake_case since whoami followed the other tools; a server from before that answers camelCase.
            string? user = HttpAnswer.Text(who, "user_id") ?? HttpAnswer.Text(who, "userId");
            string? organization = HttpAnswer.Text(who, "organization_id") ?? HttpAnswer.Text(who, "organizationId");
            return $"acts for {user} ({HttpAnswer.Text(who, "role")}) in {organization} with {scopes} scope{(scopes == 1 ? "" : "s")}";
        }

        return $"{tool} answered";
    }
}
