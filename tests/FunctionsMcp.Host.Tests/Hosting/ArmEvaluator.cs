using System.Globalization;
using System.Text.Json.Nodes;
using static FunctionsMcp.Host.Tests.Hosting.ArmExpression;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// Works out the template values that do not need Azure: the functions Bicep compiles parameters, variables, objects,
/// lists, strings and conditions into, and property loops (<c>copy</c>). What needs a deployment (<c>reference</c>,
/// <c>resourceId</c>, <c>uniqueString</c>, <c>tenant</c>, …) stays an expression, with its arguments worked out, so a test
/// compares it as text: <c>"[reference('identity').outputs.clientId.value]"</c>.
/// </summary>
/// <param name="parameter">A parameter of the template being read: its value, or <c>parameters('name')</c> when unknown.</param>
/// <param name="variable">A variable of the template being read, worked out.</param>
internal sealed class ArmEvaluator(Func<string, ArmExpression> parameter, Func<string, ArmExpression> variable)
{
    /// <summary>Lambda variables and <c>copyIndex</c> loop counters in force.</summary>
    private sealed record Locals(IReadOnlyDictionary<string, JsonNode?> Values)
    {
        public static readonly Locals None = new(new Dictionary<string, JsonNode?>());

        public Locals With(string name, JsonNode? value) => new(new Dictionary<string, JsonNode?>(Values) { [name] = value });
    }

    /// <summary>Template JSON with every expression in it worked out as far as it goes.</summary>
    public JsonNode? Evaluate(JsonNode? node) =>
        Evaluate(node, Locals.None) is { } result ? JsonNode.Parse(result.ToJsonString()) : null; // one kind of number

    public ArmExpression Reduce(ArmExpression expression) => Reduce(expression, Locals.None);

    /// <summary>True when nothing in the value is still an expression.</summary>
    public static bool IsKnown(JsonNode? value) => value switch
    {
        JsonObject o => o.All(p => !p.Key.StartsWith('[') && IsKnown(p.Value)),
        JsonArray a => a.All(IsKnown),
        JsonValue v => !(v.TryGetValue(out string? s) && s.StartsWith('[')),
        _ => true,
    };

    private JsonNode? Evaluate(JsonNode? node, Locals locals) => node switch
    {
        JsonObject o => EvaluateObject(o, locals),
        JsonArray a => new JsonArray([.. a.Select(e => Evaluate(e, locals))]),
        JsonValue v when v.TryGetValue(out string? s) && s.StartsWith('[') => Reduce(FromJson(v), locals).ToJson(),
        _ => node?.DeepClone(),
    };

    private JsonObject EvaluateObject(JsonObject o, Locals locals)
    {
        var result = new JsonObject();
        foreach ((string key, JsonNode? value) in o)
        {
            // A property loop: "copy": [{ "name": "appRoles", "count": n, "input": {...} }] makes the property appRoles.
            if (key == "copy" && value is JsonArray loops)
            {
                foreach (JsonObject loop in loops.Cast<JsonObject>())
                    result[(string)loop["name"]!] = Loop(loop, locals);
                continue;
            }
            // A name may be an expression too ("[format('{0}', parameters('identityId'))]"); it stays one if unknown.
            string name = key.StartsWith('[') && Text(Reduce(FromJson(key), locals)) is { } known ? known : key;
            result[name] = Evaluate(value, locals);
        }
        return result;
    }

    private JsonArray Loop(JsonObject loop, Locals locals)
    {
        string name = (string)loop["name"]!;
        if (Evaluate(loop["count"], locals) is not JsonValue count || !count.TryGetValue(out long n))
            throw new NotSupportedException($"the copy loop {name} has no count known before deployment");
        return [.. Enumerable.Range(0, (int)n).Select(i => Evaluate(loop["input"], locals.With("copyIndex:" + name, (long)i)))];
    }

    private ArmExpression Reduce(ArmExpression expression, Locals locals) => expression switch
    {
        Property p => Member(Reduce(p.Target, locals), p.Name),
        Item i => Element(Reduce(i.Target, locals), Reduce(i.Key, locals)),
        Call c => Reduce(c, locals),
        _ => expression,
    };

    private static ArmExpression Member(ArmExpression target, string name) => target switch
    {
        Literal { Value: JsonObject o } => o.TryGetPropertyValue(name, out JsonNode? value) ? FromJson(value) : throw new KeyNotFoundException($"no property {name} in {target}"),
        _ => new Property(target, name),
    };

    private static ArmExpression Element(ArmExpression target, ArmExpression key) => (target, key) switch
    {
        (Literal { Value: JsonArray a }, Literal { Value: JsonValue i }) when i.TryGetValue(out long n) => FromJson(a[(int)n]),
        (Literal { Value: JsonObject }, Literal { Value: JsonValue s }) when s.TryGetValue(out string? name) => Member(target, name),
        _ => new Item(target, key),
    };

    private ArmExpression Reduce(Call call, Locals locals)
    {
        // Both are lazy: only the branch taken is worked out, and a lambda's body only when it is applied.
        if (Is(call, "if"))
        {
            ArmExpression condition = Reduce(call.Arguments[0], locals);
            return condition is Literal { Value: JsonValue c } && c.TryGetValue(out bool b)
                ? Reduce(call.Arguments[b ? 1 : 2], locals)
                : new Call(call.Function, [condition, Reduce(call.Arguments[1], locals), Reduce(call.Arguments[2], locals)]);
        }
        if (Is(call, "lambda"))
            return new Lambda([.. call.Arguments.SkipLast(1).Select(a => Text(a) ?? throw new FormatException($"lambda parameter {a}"))], call.Arguments[^1]);

        ArmExpression[] arguments = [.. call.Arguments.Select(a => Reduce(a, locals))];
        return Apply(call.Function.ToLowerInvariant(), arguments, locals) ?? new Call(call.Function, arguments);
    }

    /// <summary>The function's result, or null when it needs a deployment or an argument is not known.</summary>
    private ArmExpression? Apply(string function, ArmExpression[] arguments, Locals locals)
    {
        JsonNode?[] values = [.. arguments.Select(a => a is Literal l ? l.Value : null)];
        bool allKnown = arguments.All(a => a is Literal l && IsKnown(l.Value));
        return function switch
        {
            "parameters" => parameter(Text(arguments[0])!),
            "variables" => variable(Text(arguments[0])!),
            "lambdavariables" => locals.Values.TryGetValue(Text(arguments[0])!, out JsonNode? v) ? FromJson(v) : null,
            "copyindex" => arguments is [var n] && locals.Values.TryGetValue("copyIndex:" + Text(n), out JsonNode? i) ? FromJson(i) : null,
            "null" => new Literal(null),
            "true" => Known(true),
            "false" => Known(false),
            "createarray" => new Literal(new JsonArray([.. arguments.Select(a => a.ToJson())])),
            "createobject" when arguments.Where((_, i) => i % 2 == 0).All(k => Text(k) is not null) =>
                new Literal(new JsonObject(arguments.Chunk(2).Select(p => KeyValuePair.Create(Text(p[0])!, p[1].ToJson())))),
            "union" when arguments.All(a => a is Literal { Value: JsonObject }) => new Literal(values.Cast<JsonObject>().Aggregate(new JsonObject(), Merge)),
            "union" when arguments.All(a => a is Literal { Value: JsonArray }) && allKnown =>
                new Literal(new JsonArray([.. values.SelectMany(a => a!.AsArray()).DistinctBy(e => e?.ToJsonString()).Select(e => e?.DeepClone())])),
            "format" when allKnown && arguments.Length > 0 && Text(arguments[0]) is { } format =>
                Known(string.Format(CultureInfo.InvariantCulture, format, [.. values.Skip(1).Select(Scalar)])),
            "equals" when allKnown => Known(JsonNode.DeepEquals(values[0], values[1])),
            "not" when allKnown => Known(!(bool)values[0]!),
            "empty" when allKnown => Known(values[0] switch { null => true, JsonObject o => o.Count == 0, JsonArray a => a.Count == 0, _ => ((string)values[0]!).Length == 0 }),
            "length" when arguments[0] is Literal { Value: JsonArray or JsonObject } || allKnown =>
                Known((long)(values[0] switch { JsonObject o => o.Count, JsonArray a => a.Count, _ => ((string)values[0]!).Length })),
            "range" when allKnown => new Literal(new JsonArray([.. Enumerable.Range((int)(long)values[0]!, (int)(long)values[1]!).Select(i => (JsonNode)(long)i)])),
            "toobject" when arguments[0] is Literal { Value: JsonArray items } && arguments[1..].All(a => a is Lambda) => ToObject(items, arguments, locals),
            _ => null,
        };
    }

    /// <summary>toObject(items, key lambda, value lambda): stays an expression unless every key is known.</summary>
    private Literal? ToObject(JsonArray items, ArmExpression[] arguments, Locals locals)
    {
        var result = new JsonObject();
        foreach (JsonNode? item in items)
        {
            if (Invoke((Lambda)arguments[1], item, locals) is not Literal { Value: JsonValue key } || !key.TryGetValue(out string? name))
                return null;
            result[name] = arguments.Length > 2 ? Invoke((Lambda)arguments[2], item, locals).ToJson() : item?.DeepClone();
        }
        return new Literal(result);
    }

    private ArmExpression Invoke(Lambda lambda, JsonNode? argument, Locals locals) =>
        Reduce(lambda.Body, locals.With(lambda.Parameters.Single(), argument));

    /// <summary>union of objects merges objects nested under the same name and otherwise keeps the last value.</summary>
    private static JsonObject Merge(JsonObject into, JsonObject from)
    {
        foreach ((string key, JsonNode? value) in from)
            into[key] = into[key] is JsonObject a && value is JsonObject b ? Merge((JsonObject)a.DeepClone(), b) : value?.DeepClone();
        return into;
    }

    private static bool Is(Call call, string function) => string.Equals(call.Function, function, StringComparison.OrdinalIgnoreCase);

    private static Literal Known(JsonNode? value) => new(value);

    private static string? Text(ArmExpression expression) =>
        expression is Literal { Value: JsonValue v } && v.TryGetValue(out string? s) ? s : null;

    private static object? Scalar(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out long n) => n,
        _ => value?.ToJsonString(),
    };
}
