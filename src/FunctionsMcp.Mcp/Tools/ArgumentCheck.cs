using System.Globalization;
using System.Text.Json;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// Checks a tool's arguments against the input schema it publishes, before the tool runs: required arguments left
/// out, values of the wrong type, values outside an enum, dates that are not dates, and arguments the tool does not
/// take. Each problem is a sentence naming the argument and the fix, in our words (never a .NET type or a serializer's
/// message), returned as a tool error so the model can correct its call: MCP 2025-11-25 (SEP-1303) has input
/// validation errors reported as tool execution errors, not protocol errors. Lengths, patterns and ranges are left to
/// the domain rules, whose messages know what the field means.
/// </summary>
internal static class ArgumentCheck
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string ADate = $"a date written {DateFormat} (e.g. 2026-07-01)";
    private const int MostShownCharacters = 40;

    /// <summary>
    /// The problems with <paramref name="arguments"/>, none when they fit <paramref name="schema"/>.
    /// <paramref name="owner"/> says what the arguments belong to ("create_participant"); <paramref name="path"/> is
    /// where they sit when nested in another tool's arguments ("parameters" of perform_operation).
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonElement schema, JsonElement arguments, ArgumentHints hints, string owner, string? path = null)
    {
        var walk = new Walk(schema, hints, owner, path ?? string.Empty, []);
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            arguments = JsonDocument.Parse("{}").RootElement;
        walk.Value(schema, arguments, walk.RootPath, optional: false);
        return walk.Found;
    }

    private sealed record Walk(JsonElement Root, ArgumentHints Hints, string Owner, string RootPath, List<string> Found)
    {
        public void Value(JsonElement schema, JsonElement value, string path, bool optional)
        {
            schema = Resolve(schema);
            // Clients often send null for an optional argument they mean to leave out: it is taken as left out.
            if (value.ValueKind == JsonValueKind.Null && optional)
                return;
            if (!Fits(schema, value))
            {
                Found.Add(path.Length == 0
                    ? $"The arguments of {Owner} must be an object of named arguments, not {Describe(value)}."
                    : $"`{path}` must be {Expected(schema)}, not {Describe(value)}.");
                return;
            }

            if (schema.TryGetProperty("enum", out JsonElement values) && !values.EnumerateArray().Any(v => SameChoice(v, value)))
            {
                Found.Add($"`{path}` must be one of {Choices(values)}, not {Describe(value)}.");
                return;
            }

            if (value.ValueKind == JsonValueKind.String && Format(schema) == "date"
                && !DateOnly.TryParseExact(value.GetString(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Found.Add($"`{path}` must be {ADate}, not {Describe(value)}.");
                return;
            }

            if (value.ValueKind == JsonValueKind.Object)
                Object(schema, value, path);
            else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
            {
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                    Value(items, item, $"{path}[{index++}]", optional: false);
            }
        }

        private void Object(JsonElement schema, JsonElement value, string path)
        {
            HashSet<string> required = schema.TryGetProperty("required", out JsonElement names)
                ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
            foreach (string name in required.Where(n => !value.TryGetProperty(n, out _)))
                Found.Add($"`{Join(path, name)}` is required: {Hint(name, hasProperties && properties.TryGetProperty(name, out JsonElement p) ? p : default)}.");

            bool closed = schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.False;
            foreach (JsonProperty argument in value.EnumerateObject())
            {
                if (hasProperties && properties.TryGetProperty(argument.Name, out JsonElement property))
                    Value(property, argument.Value, Join(path, argument.Name), optional: !required.Contains(argument.Name));
                else if (closed)
                    Found.Add(Unknown(path, argument.Name, hasProperties ? [.. properties.EnumerateObject().Select(p => p.Name)] : []));
            }
        }

        private string Unknown(string path, string name, IReadOnlyList<string> known)
        {
            string where = path == RootPath ? $"an argument of {Owner}" : $"a field of `{path}`";
            // A camelCase or differently spelt name of a real argument: say which one was meant.
            string? meant = known.FirstOrDefault(k => Loose(k) == Loose(name));
            if (meant is not null)
                return $"`{Join(path, name)}` is not {where}: did you mean `{meant}`?";
            return known.Count == 0
                ? $"`{Join(path, name)}` is not {where}: it takes none, so leave it out."
                : $"`{Join(path, name)}` is not {where}: leave it out (it takes {string.Join(", ", known)}).";
        }

        /// <summary>How to supply a required argument: the tool's hint, else the argument's description, else what it must be.</summary>
        private string Hint(string name, JsonElement property)
        {
            if (Hints.For(name) is { } hint)
                return hint;
            if (property.ValueKind != JsonValueKind.Object)
                return "send it";
            property = Resolve(property);
            if (property.TryGetProperty("description", out JsonElement description) && description.GetString() is { Length: > 0 } text)
                return char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.');
            return "send " + (property.TryGetProperty("enum", out JsonElement values) ? "one of " + Choices(values) : Expected(property));
        }

        private JsonElement Resolve(JsonElement schema)
        {
            // Tool schemas refer only inside themselves (#/...), never to another document.
            while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out JsonElement reference) && reference.GetString() is ['#', ..] pointer)
            {
                JsonElement target = Root;
                foreach (string token in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
                    target = target.GetProperty(token);
                schema = target;
            }

            return schema;
        }
    }

    /// <summary>Enum names are read regardless of case ("NSW" for nsw), as the models' reader has always read them.</summary>
    private static bool SameChoice(JsonElement choice, JsonElement value) =>
        choice.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String
            ? string.Equals(choice.GetString(), value.GetString(), StringComparison.OrdinalIgnoreCase)
            : JsonElement.DeepEquals(choice, value);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Loose(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static IEnumerable<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out JsonElement type)
        ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];

    private static string? Format(JsonElement schema) => schema.TryGetProperty("format", out JsonElement format) ? format.GetString() : null;

    private static bool Fits(JsonElement schema, JsonElement value)
    {
        string[] types = [.. Types(schema)];
        return types.Length == 0 || types.Any(type => type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && Math.Floor(d) == d,
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => true,
        });
    }

    /// <summary>What a value of <paramref name="schema"/> is, in words: "a string", "a date written yyyy-MM-dd (…)".</summary>
    private static string Expected(JsonElement schema)
    {
        // null is not offered: where it is allowed (an optional argument) it only means "left out".
        string[] kinds = [.. Types(schema).Where(type => type != "null").Select(type => type switch
        {
            "string" when Format(schema) == "date" => ADate,
            "string" when schema.TryGetProperty("pattern", out JsonElement pattern) => $"a string matching {pattern.GetString()}",
            "string" => "a string",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "object" => "an object",
            "array" => "a list",
            _ => type,
        })];
        return kinds.Length == 0 ? "a value" : string.Join(" or ", kinds);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shown(value.GetString()!)}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "null",
    };

    private static string Choices(JsonElement values) =>
        string.Join(", ", values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()));

    private static string Shown(string text) => "'" + (text.Length > MostShownCharacters ? text[..MostShownCharacters] + "…" : text) + "'";
}
