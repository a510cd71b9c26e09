using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Transport;

/// <summary>One mutated request: its body, its headers, and what was done to it (for the failure message).</summary>
public sealed record FuzzCase(int Index, string Body, string? Version, string? MethodHeader, string? NameHeader, string Mutations)
{
    public HttpRequestMessage ToRequest(string bearer)
    {
        HttpRequestMessage request = Post(bearer, Body, Version);
        if (MethodHeader is not null)
            request.Headers.TryAddWithoutValidation("Mcp-Method", MethodHeader);
        if (NameHeader is not null)
            request.Headers.TryAddWithoutValidation("Mcp-Name", NameHeader);
        return request;
    }

    public override string ToString() =>
        $"case {Index} [{Mutations}] version={Version ?? "(none)"} Mcp-Method={MethodHeader ?? "(none)"} body={(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>
/// Valid requests of both protocol eras (initialize era with and without batches, and 2026-07-28 with its
/// headers), and the mutations the fuzz test applies to them: values replaced by other JSON types, fields dropped,
/// lone surrogate escapes, huge numbers and strings, deep nesting, duplicate keys, truncation and stray characters.
/// Everything comes from the given <see cref="Random"/>, so a seed replays exactly.
/// </summary>
public static class FuzzBodies
{
    private const string Modern = McpRequests.Modern;

    private static readonly string[] s_surrogates = ["\\ud800", "\\udc00", "\\udfff", "a\\ud83d", "\\udc00\\ud800", "\\ud800\\u0041"];
    private static readonly string[] s_numbers = ["1e400", "-1e400", "123456789012345678901234567890", "1.5", "-0", "0.0000001e-999", "-9223372036854775809", "18446744073709551616"];
    private static readonly string[] s_versions = ["2025-11-25", "2025-03-26", "2024-01-01", "1999-01-01", "2099-01-01", Modern, "", "x"];
    private static readonly string[] s_methods = ["initialize", "ping", "tools/list", "tools/call", "server/discover", "notifications/initialized", "no/such", ""];

    private sealed record Seed(string Body, string? Version, string? MethodHeader, string? NameHeader);

    private static readonly Seed[] s_seeds =
    [
        new(Initialize(McpRequests.Legacy), null, null, null),
        new(Initialize("2025-03-26"), McpRequests.Legacy, null, null),
        new(Initialize("1999-01-01"), null, null, null),
        new(Body("ping", null, 1), McpRequests.Legacy, null, null),
        new(Body("tools/list", new JsonObject { ["cursor"] = "abc" }, 2), McpRequests.Legacy, null, null),
        new(Body("tools/call", Call("whoami", new JsonObject { ["x"] = 1 }), 3), McpRequests.Legacy, null, null),
        new(Body("tools/call", Call("list_participants", new JsonObject { ["limit"] = 2, ["status"] = "active" }), "s-4"), "2025-06-18", null, null),
        new(Body("notifications/initialized", null, null), McpRequests.Legacy, null, null),
        new(Body("notifications/cancelled", new JsonObject { ["requestId"] = 1, ["reason"] = "x" }, null), McpRequests.Legacy, null, null),
        new("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", McpRequests.Legacy, null, null),
        new("[" + Body("ping", null, 1) + "," + Body("tools/call", Call("whoami"), 2) + "," + Body("notifications/initialized", null, null) + "]", "2025-03-26", null, null),
        new("[" + Body("tools/list", null, 1) + "," + Body("ping", null, "p") + "]", null, null, null),
        new(ModernBody("server/discover", null, 1), Modern, "server/discover", null),
        new(ModernBody("tools/list", null, 2), Modern, "tools/list", null),
        new(ModernBody("tools/call", Call("whoami", new JsonObject { ["x"] = "y" }), 3), Modern, "tools/call", "whoami"),
        new(ModernBody("tools/call", Call("list_participants", new JsonObject { ["limit"] = 1 }), 4), Modern, "tools/call", "list_participants"),
    ];

    public static FuzzCase Next(Random random, int index)
    {
        Seed seed = s_seeds[random.Next(s_seeds.Length)];
        JsonNode root = JsonNode.Parse(seed.Body)!;
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        var done = new List<string>();
        int count = 1 + random.Next(3);
        for (int i = 0; i < count; i++)
            root = MutateNode(random, root, raw, done);

        string text = root.ToJsonString();
        foreach ((string marker, string value) in raw)
            text = text.Replace("\"" + marker + "\"", value, StringComparison.Ordinal);
        text = MutateText(random, text, done);

        (string? version, string? method, string? name) = (seed.Version, seed.MethodHeader, seed.NameHeader);
        if (random.Next(8) == 0)
        {
            done.Add("headers");
            version = random.Next(3) == 0 ? null : s_versions[random.Next(s_versions.Length)];
            method = random.Next(2) == 0 ? method : s_methods[random.Next(s_methods.Length)];
            name = random.Next(2) == 0 ? name : "=?base64?" + (random.Next(2) == 0 ? "!!" : "7aCA") + "?=";
        }

        return new FuzzCase(index, text, version, method, name, string.Join(",", done));
    }

    private static JsonNode MutateNode(Random random, JsonNode root, Dictionary<string, string> raw, List<string> done)
    {
        List<JsonNode> nodes = [root, .. Descendants(root)];
        JsonNode target = nodes[random.Next(nodes.Count)];
        int kind = random.Next(9);
        JsonNode replacement;
        switch (kind)
        {
            case 0:
                done.Add("type");
                replacement = RandomValue(random);
                break;
            case 1 when target.Parent is JsonObject parent:
                done.Add("drop");
                parent.Remove(target.GetPropertyName());
                return root;
            case 1 when target.Parent is JsonArray array:
                done.Add("drop");
                array.RemoveAt(target.GetElementIndex());
                return root;
            case 2:
                done.Add("surrogate");
                replacement = Raw(raw, "\"" + (random.Next(2) == 0 ? "" : "name") + s_surrogates[random.Next(s_surrogates.Length)] + "\"");
                break;
            case 3:
                done.Add("number");
                replacement = Raw(raw, s_numbers[random.Next(s_numbers.Length)]);
                break;
            case 4:
                done.Add("deep");
                int depth = 1 + random.Next(200);
                replacement = Raw(raw, random.Next(2) == 0
                    ? new string('[', depth) + "1" + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
                break;
            case 5:
                done.Add("huge");
                replacement = JsonValue.Create(new string((char)('a' + random.Next(26)), 1000 + random.Next(200_000)));
                break;
            case 6 when Objects(nodes).ToList() is { Count: > 0 } objects:
                done.Add("duplicate");
                JsonObject owner = objects[random.Next(objects.Count)];
                string key = owner.ElementAt(random.Next(owner.Count)).Key;
                string marker = "zzdup" + raw.Count + "zz";
                raw[marker] = JsonSerializer.Serialize(key);
                owner[marker] = RandomValue(random);
                return root;
            case 7 when root is JsonObject message:
                done.Add("meta");
                if (message["params"] is not JsonObject parameters)
                {
                    parameters = [];
                    message["params"] = parameters;
                }

                parameters["_meta"] = RandomValue(random);
                return root;
            case 8 when root is JsonObject message && message["method"] is JsonValue method && method.TryGetValue(out string? name)
                && name == "initialize" && message["params"] is JsonObject init:
                done.Add("initialize");
                string field = new[] { "protocolVersion", "capabilities", "clientInfo" }[random.Next(3)];
                if (random.Next(3) == 0)
                    init.Remove(field);
                else
                    init[field] = RandomValue(random);
                return root;
            default:
                done.Add("type");
                replacement = RandomValue(random);
                break;
        }

        if (target.Parent is null)
            return replacement;
        target.ReplaceWith(replacement);
        return root;
    }

    private static string MutateText(Random random, string text, List<string> done)
    {
        switch (random.Next(10))
        {
            case 0 when text.Length > 1:
                done.Add("truncate");
                return text[..random.Next(text.Length)];
            case 1 when text.Length > 0:
                done.Add("char");
                const string Stray = "{}[]\",:\\ 0aé\u0000";
                var builder = new StringBuilder(text);
                builder[random.Next(text.Length)] = Stray[random.Next(Stray.Length)];
                return builder.ToString();
            default:
                return text;
        }
    }

    private static JsonNode RandomValue(Random random) => random.Next(9) switch
    {
        0 => JsonValue.Create("text"),
        1 => JsonValue.Create(random.Next(-5, 1000)),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(1, "a", null),
        4 => new JsonObject { ["k"] = "v" },
        5 => JsonValue.Create(random.NextDouble() * 1e300),
        6 => new JsonArray(),
        7 => new JsonObject(),
        _ => JsonValue.Create(""),
    };

    private static JsonValue Raw(Dictionary<string, string> raw, string json)
    {
        string marker = "zzraw" + raw.Count + "zz";
        raw[marker] = json;
        return JsonValue.Create(marker);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (JsonNode? child in children)
        {
            if (child is null)
                continue;
            yield return child;
            foreach (JsonNode grandchild in Descendants(child))
                yield return grandchild;
        }
    }

    private static IEnumerable<JsonObject> Objects(IEnumerable<JsonNode> nodes) => nodes.OfType<JsonObject>().Where(o => o.Count > 0);

    private static string Initialize(string version) => Body("initialize", new JsonObject
    {
        ["protocolVersion"] = version,
        ["capabilities"] = new JsonObject { ["roots"] = new JsonObject { ["listChanged"] = true } },
        ["clientInfo"] = new JsonObject { ["name"] = "fuzz", ["version"] = "1.0" },
    }, 1);

    private static string Body(string method, JsonObject? parameters, object? id)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (id is not null)
            message["id"] = id is int number ? JsonValue.Create(number) : JsonValue.Create(Convert.ToString(id, CultureInfo.InvariantCulture));
        if (parameters is not null)
            message["params"] = parameters;
        return message.ToJsonString();
    }

    private static string ModernBody(string method, JsonObject? parameters, int id)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Modern,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "fuzz", ["version"] = "1" },
        };
        return Body(method, parameters, id);
    }
}
