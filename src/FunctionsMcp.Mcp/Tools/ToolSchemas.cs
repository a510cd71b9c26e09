using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// Makes the JSON Schemas a tool publishes compact, because a client pays for <c>tools/list</c> in context every time
/// it loads the server. What a model needs stays: types, enums, formats, limits, descriptions. What it does not is
/// dropped: <c>"default": null</c> (an optional argument is simply left out), <c>null</c> in the types and enums of
/// optional arguments (leaving one out says the same; a null sent anyway is still accepted, see
/// <see cref="ArgumentCheck"/>), and in output schemas <c>required</c>, <c>additionalProperties</c> and <c>format</c>
/// (a model reads the result it gets, whose dates show their format; the input schemas keep theirs). A shape used more than once in one schema is written once under <c>$defs</c> (JSON Schema
/// 2020-12, the MCP default dialect) and referred to with <c>$ref</c>.
/// </summary>
internal static class ToolSchemas
{
    /// <summary>Marks an object schema with the snake_case name of its .NET type (see ModelJson), to name it under $defs.</summary>
    public const string ShapeMarker = "x-shape";

    private const string Defs = "$defs";
    private const string Ref = "$ref";

    /// <summary>An input schema: compact, and closed (an argument the tool does not take is refused, so the schema says so).</summary>
    public static JsonElement Input(JsonElement schema)
    {
        JsonObject root = Parse(schema);
        Share(root);
        VisitInput(root, required: true);
        if (root["type"]?.GetValue<string>() == "object")
        {
            root["properties"] ??= new JsonObject();
            root["additionalProperties"] ??= false;
        }

        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>An output schema: compact, and open (structured content may carry more than it names).</summary>
    public static JsonElement Output(JsonElement schema)
    {
        JsonObject root = Parse(schema);
        Share(root);
        VisitOutput(root);
        return JsonSerializer.SerializeToElement(root);
    }

    private static JsonObject Parse(JsonElement schema)
    {
        JsonObject root = JsonNode.Parse(schema.GetRawText()) as JsonObject ?? throw new InvalidOperationException("A tool schema must be a JSON object.");
        ObjectsOnly(root);
        return root;
    }

    /// <summary>
    /// A property of any value is written <c>{}</c>, not <c>true</c>: both are JSON Schema, but the TypeScript SDK
    /// client refuses a tools/list whose property schema is a boolean (seen with get_model_schema's result_schema).
    /// </summary>
    private static void ObjectsOnly(JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (string name in properties.Where(p => p.Value is JsonValue).Select(p => p.Key).ToList())
                properties[name] = new JsonObject();
        }

        foreach (JsonObject child in Children(schema))
            ObjectsOnly(child);
    }

    /// <summary>The schemas directly inside <paramref name="schema"/>: properties, items, $defs and the combinators.</summary>
    private static IEnumerable<JsonObject> Children(JsonObject schema)
    {
        foreach (string keyword in new[] { "properties", Defs })
        {
            if (schema[keyword] is JsonObject map)
            {
                foreach (KeyValuePair<string, JsonNode?> entry in map)
                {
                    if (entry.Value is JsonObject child)
                        yield return child;
                }
            }
        }

        if (schema["items"] is JsonObject items)
            yield return items;
        if (schema["additionalProperties"] is JsonObject extra)
            yield return extra;
        foreach (string keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema[keyword] is JsonArray options)
            {
                foreach (JsonNode? option in options)
                {
                    if (option is JsonObject child)
                        yield return child;
                }
            }
        }
    }

    private static void VisitInput(JsonObject schema, bool required)
    {
        DropNullDefault(schema);
        if (!required)
            DropNull(schema);
        HashSet<string> requiredNames = (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        JsonObject? properties = schema["properties"] as JsonObject;
        if (properties is not null)
        {
            foreach (KeyValuePair<string, JsonNode?> property in properties)
            {
                if (property.Value is JsonObject child)
                    VisitInput(child, requiredNames.Contains(property.Key));
            }
        }

        foreach (JsonObject child in Children(schema).Where(c => c.Parent != properties))
            VisitInput(child, required: true);
    }

    private static void VisitOutput(JsonObject schema)
    {
        DropNullDefault(schema);
        schema.Remove("format");
        schema.Remove("required");
        if (schema["additionalProperties"] is JsonValue)
            schema.Remove("additionalProperties");
        foreach (JsonObject child in Children(schema))
            VisitOutput(child);
    }

    private static void DropNullDefault(JsonObject schema)
    {
        if (schema.TryGetPropertyValue("default", out JsonNode? value) && value is null)
            schema.Remove("default");
    }

    /// <summary>["string", "null"] becomes "string", and null leaves the enum.</summary>
    private static void DropNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
        {
            string[] rest = [.. types.Select(t => t!.GetValue<string>()).Where(t => t != "null")];
            schema["type"] = rest.Length == 1 ? JsonValue.Create(rest[0]) : new JsonArray([.. rest.Select(t => (JsonNode)JsonValue.Create(t))]);
        }

        if (schema["enum"] is JsonArray values && values.Any(v => v is null))
            schema["enum"] = new JsonArray([.. values.Where(v => v is not null).Select(v => v!.DeepClone())]);
    }

    /// <summary>
    /// Writes each marked shape that occurs more than once under $defs, named by its marker, and refers to it; a
    /// property's own description stays beside its $ref. JSON-pointer $refs (the exporter's own way of not repeating
    /// a type) are inlined first, so every use of a shape is counted. Markers are removed.
    /// </summary>
    private static void Share(JsonObject root)
    {
        InlinePointers(root, root);
        var uses = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (JsonObject node in Descendants(root).Where(n => n.ContainsKey(ShapeMarker)))
        {
            string key = Canonical(node);
            if (!uses.TryGetValue(key, out List<JsonObject>? list))
                uses[key] = list = [];
            list.Add(node);
        }

        var defs = new JsonObject();
        // Outer shapes come first (document order); a shape met only inside one already moved is no longer in the tree.
        foreach (List<JsonObject> all in uses.Values)
        {
            List<JsonObject> same = all.Where(n => n != root && n.Root == root).ToList();
            if (same.Count < 2)
                continue;
            string name = same[0][ShapeMarker]!.GetValue<string>();
            while (defs.ContainsKey(name))
                name += "_";
            defs[name] = Shape(same[0]);
            foreach (JsonObject use in same)
            {
                JsonNode? description = use["description"]?.DeepClone();
                use.Clear();
                use[Ref] = $"#/{Defs}/{name}";
                if (description is not null)
                    use["description"] = description;
            }
        }

        if (defs.Count > 0)
            root[Defs] = defs;
        foreach (JsonObject node in Descendants(root).ToList())
            node.Remove(ShapeMarker);
    }

    /// <summary>A use of a shape without what belongs to the use (its description).</summary>
    private static JsonObject Shape(JsonObject use)
    {
        var shape = (JsonObject)use.DeepClone();
        shape.Remove("description");
        return shape;
    }

    private static string Canonical(JsonObject use) => Shape(use).ToJsonString();

    private static IEnumerable<JsonObject> Descendants(JsonObject schema) =>
        new[] { schema }.Concat(Children(schema).SelectMany(Descendants));

    private static void InlinePointers(JsonObject root, JsonObject schema)
    {
        // A reference to $defs is already the shared form; only the exporter's location pointers are inlined.
        while (schema[Ref]?.GetValue<string>() is { } pointer && pointer.StartsWith('#') && !pointer.StartsWith($"#/{Defs}/", StringComparison.Ordinal))
        {
            JsonObject target = Resolve(root, pointer);
            schema.Remove(Ref);
            foreach (KeyValuePair<string, JsonNode?> entry in target)
                schema[entry.Key] ??= entry.Value?.DeepClone();
        }

        foreach (JsonObject child in Children(schema).ToList())
            InlinePointers(root, child);
    }

    private static JsonObject Resolve(JsonObject root, string pointer)
    {
        JsonNode? node = root;
        foreach (string token in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonArray array && int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out int index) ? array[index] : node?[name];
        }

        return node as JsonObject ?? throw new InvalidOperationException($"The schema reference {pointer} points at nothing.");
    }
}
