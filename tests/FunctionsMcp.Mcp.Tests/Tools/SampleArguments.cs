using System.Text.Json.Nodes;

namespace FunctionsMcp.Mcp.Tests.Tools;

/// <summary>
/// Arguments made from a tool's published input schema: a well-formed value for every required argument (the first
/// enum value, a date for format date, the minimum for a number), so a test can break exactly one thing in a call.
/// </summary>
public static class SampleArguments
{
    public static JsonObject Required(JsonNode schema) => (JsonObject)Value(schema, schema);

    public static IReadOnlyList<string> RequiredNames(JsonNode schema) =>
        schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];

    /// <summary>The first argument with a declared type, required ones first, and a value of another type for it.</summary>
    public static (string Name, JsonNode Wrong)? Mistyped(JsonNode schema)
    {
        IReadOnlyList<string> required = RequiredNames(schema);
        JsonObject properties = schema["properties"]?.AsObject() ?? [];
        foreach ((string name, JsonNode? property) in properties.OrderBy(p => required.Contains(p.Key) ? 0 : 1))
        {
            string[] types = Types(Resolve(schema, property!));
            if (types.Length == 0)
                continue;
            return (name, types.Contains("string") ? JsonValue.Create(12345) : JsonValue.Create("not a " + types[0]));
        }

        return null;
    }

    private static JsonNode Value(JsonNode root, JsonNode schema)
    {
        schema = Resolve(root, schema);
        if (schema["enum"] is JsonArray choices && choices.FirstOrDefault(c => c is not null) is { } choice)
            return choice.DeepClone();
        string type = Types(schema).FirstOrDefault() ?? "object";
        return type switch
        {
            "string" when schema["format"]?.GetValue<string>() == "date" => JsonValue.Create("2026-07-01"),
            "string" => JsonValue.Create("x"),
            "integer" or "number" => JsonValue.Create(schema["minimum"]?.GetValue<double>() is { } least ? (int)least : 1),
            "boolean" => JsonValue.Create(true),
            "array" => new JsonArray(),
            _ => new JsonObject(RequiredNames(schema).Select(name => KeyValuePair.Create(name, (JsonNode?)Value(root, schema["properties"]![name]!)))),
        };
    }

    private static JsonNode Resolve(JsonNode root, JsonNode schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } pointer)
            schema = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(root, (node, token) => node[token]!);
        return schema;
    }

    private static string[] Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>()).Where(t => t != "null")],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };
}
