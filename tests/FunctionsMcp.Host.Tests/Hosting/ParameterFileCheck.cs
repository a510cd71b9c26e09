using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// The checks Azure Resource Manager makes on a parameters file before it deploys anything (unknown names, missing
/// required parameters, the declared type, <c>@allowed</c>, <c>@minValue</c>/<c>@maxValue</c>,
/// <c>@minLength</c>/<c>@maxLength</c>), run here over <c>infra/main.parameters.json</c> against the compiled template so
/// a mistake in the committed file fails CI instead of a deployment. A <c>${NAME}</c> value is filled in by azd from its
/// environment, so only its presence is checked.
/// </summary>
internal static partial class ParameterFileCheck
{
    public static IReadOnlyList<string> Problems(JsonObject declarations, JsonObject parametersFile)
    {
        JsonObject given = parametersFile["parameters"]?.AsObject() ?? [];
        var problems = new List<string>();
        foreach ((string name, JsonNode? entry) in given)
        {
            if (declarations[name] is not JsonObject declaration)
                problems.Add($"{name} is not a parameter of main.bicep (it has: {string.Join(", ", declarations.Select(d => d.Key))})");
            else if (entry?["value"] is JsonNode value && !IsAzdVariable(value))
                problems.AddRange(ValueProblems(name, declaration, value));
        }
        foreach ((string name, JsonNode? declaration) in declarations)
            if (declaration!["defaultValue"] is null && !given.ContainsKey(name))
                problems.Add($"{name} has no default in main.bicep and main.parameters.json does not set it");
        return problems;
    }

    private static IEnumerable<string> ValueProblems(string name, JsonObject declaration, JsonNode value)
    {
        string type = ((string?)declaration["type"] ?? "").ToLowerInvariant();
        JsonValueKind kind = value.GetValueKind();
        bool typeFits = type switch
        {
            "int" => kind == JsonValueKind.Number,
            "bool" => kind is JsonValueKind.True or JsonValueKind.False,
            "string" or "securestring" => kind == JsonValueKind.String,
            "array" => kind == JsonValueKind.Array,
            "object" or "secureobject" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!typeFits)
        {
            yield return $"{name} must be of type {type}, but main.parameters.json gives {value.ToJsonString()}";
            yield break;
        }
        if (declaration["allowedValues"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            yield return $"{name} is {value.ToJsonString()}, which is not one of the allowed values {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}";
        if (kind == JsonValueKind.Number)
        {
            long number = value.GetValue<long>();
            if (declaration["minValue"] is JsonNode min && number < min.GetValue<long>())
                yield return $"{name} is {number}, below its minimum {min}";
            if (declaration["maxValue"] is JsonNode max && number > max.GetValue<long>())
                yield return $"{name} is {number}, above its maximum {max}";
        }
        int? length = kind switch { JsonValueKind.String => value.GetValue<string>().Length, JsonValueKind.Array => value.AsArray().Count, _ => null };
        if (length is int actual && declaration["minLength"] is JsonNode minLength && actual < minLength.GetValue<int>())
            yield return $"{name} has length {actual}, below its minimum length {minLength}";
        if (length is int actualLength && declaration["maxLength"] is JsonNode maxLength && actualLength > maxLength.GetValue<int>())
            yield return $"{name} has length {actualLength}, above its maximum length {maxLength}";
    }

    private static bool IsAzdVariable(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String && AzdVariable().IsMatch(value.GetValue<string>());

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex AzdVariable();
}
