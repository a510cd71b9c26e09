using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FunctionsMcp.Mcp.Tools;
using Microsoft.Extensions.AI;

namespace FunctionsMcp.Mcp.Models;

/// <summary>
/// How model parameters and records look on the wire: snake_case names, enum names in snake_case, ISO dates,
/// and strict reading (an unknown or misspelt field is an error, never silently ignored). The JSON Schemas the
/// tools publish are generated from the same types with the same options, limits included.
/// </summary>
internal static class ModelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        // The text rendering is read by models and people, not put into HTML: keep quotes and accents readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly AIJsonSchemaCreateOptions s_schemaOptions = new() { TransformSchemaNode = AddLimits };

    public static JsonElement Schema(Type type, string? description = null) =>
        AIJsonUtilities.CreateJsonSchema(type, description, serializerOptions: Options, inferenceOptions: s_schemaOptions);

    /// <summary>
    /// Publishes DataAnnotations limits as JSON Schema keywords, so clients see them before calling; and marks each
    /// record's schema with its name, so a shape used twice in one schema can be written once (see ToolSchemas).
    /// </summary>
    private static JsonNode AddLimits(AIJsonSchemaCreateContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
            return schema;
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && !context.TypeInfo.Type.IsGenericType && node.ContainsKey("properties"))
            node[ToolSchemas.ShapeMarker] = ShapeName(context.TypeInfo.Type);
        if (context.PropertyAttributeProvider is not { } attributes)
            return schema;
        foreach (object attribute in attributes.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case StringLengthAttribute length:
                    node["maxLength"] = length.MaximumLength;
                    if (length.MinimumLength > 0)
                        node["minLength"] = length.MinimumLength;
                    break;
                case RegularExpressionAttribute pattern:
                    node["pattern"] = pattern.Pattern;
                    break;
                case MaxLengthAttribute most:
                    node[node["type"]?.ToJsonString().Contains("array", StringComparison.Ordinal) == true ? "maxItems" : "maxLength"] = most.Length;
                    break;
                case DefaultValueAttribute fallback:
                    node["default"] = JsonSerializer.SerializeToNode(fallback.Value, Options);
                    break;
                case RangeAttribute range:
                    node["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
                    node["maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
                    break;
            }
        }

        return node;
    }

    private static string ShapeName(Type type) =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name.EndsWith(ParametersSuffix, StringComparison.Ordinal) && type.Name.Length > ParametersSuffix.Length
            ? type.Name[..^ParametersSuffix.Length]
            : type.Name);

    private const string ParametersSuffix = "Parameters";

    /// <summary>
    /// Reads parameters already checked against their schema (ArgumentCheck). What the schema cannot say, e.g. a
    /// whole number too large to hold, still fails here: the sentence names the argument, never a .NET type.
    /// </summary>
    public static (object? Value, string? Error) Read(JsonElement arguments, Type type, string? path = null)
    {
        try
        {
            return (arguments.Deserialize(type, Options), null);
        }
        catch (JsonException ex)
        {
            string field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : ex.Path.TrimStart('$', '.');
            string where = (path, field) switch
            {
                (null, "") => "the arguments",
                (null, _) => $"`{field}`",
                (_, "") => $"`{path}`",
                _ => $"`{path}.{field}`",
            };
            return (null, $"{where} could not be read: check its type and format against the tool's input schema.");
        }
    }
}
