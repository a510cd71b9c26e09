using System.Text.Json.Nodes;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// A compiled ARM template with the parameter values it is deployed with: <c>main.json</c>, or the template of one of its
/// modules (a nested <c>Microsoft.Resources/deployments</c> whose expressions are evaluated in its own scope). Whatever it
/// hands out is evaluated by <see cref="ArmEvaluator"/>: known values as JSON, the rest as <c>"[...]"</c> expressions.
/// </summary>
internal sealed class ArmTemplate
{
    private const string Deployments = "Microsoft.Resources/deployments";
    private readonly JsonObject _json;
    private readonly IReadOnlyDictionary<string, JsonNode?> _arguments;
    private readonly ArmEvaluator _evaluator;

    private ArmTemplate(JsonObject json, IReadOnlyDictionary<string, JsonNode?> arguments)
    {
        _json = json;
        _arguments = arguments;
        foreach (string name in arguments.Keys)
            Assert.True(Parameters.ContainsKey(name), $"the template has no parameter {name}");
        _evaluator = new ArmEvaluator(Parameter, name => ArmExpression.FromJson(Variable(name)));
    }

    public static ArmTemplate Parse(string json, IReadOnlyDictionary<string, JsonNode?> arguments) =>
        new(JsonNode.Parse(json)!.AsObject(), arguments);

    /// <summary>The same template deployed with one parameter set to <paramref name="value"/>.</summary>
    public ArmTemplate With(string parameter, JsonNode? value) =>
        new(_json, new Dictionary<string, JsonNode?>(_arguments) { [parameter] = value });

    /// <summary>The template as compiled, nothing evaluated.</summary>
    public JsonObject Json => _json;

    /// <summary>The parameter declarations (type, defaultValue, metadata), as compiled.</summary>
    public JsonObject Parameters => Section("parameters");

    /// <summary>The value the parent template passes to a parameter, evaluated in the parent's scope.</summary>
    public JsonNode? Argument(string parameter) =>
        _arguments.TryGetValue(parameter, out JsonNode? value) ? value?.DeepClone() : throw new KeyNotFoundException($"no value is passed to {parameter}");

    public JsonNode? Variable(string name) => Evaluate(Section("variables")[name] ?? throw new KeyNotFoundException($"no variable {name}"));

    public IEnumerable<string> OutputNames => Section("outputs").Select(o => o.Key);

    public JsonNode? Output(string name) =>
        Evaluate((Section("outputs")[name] ?? throw new KeyNotFoundException($"no output {name}"))["value"]);

    /// <summary>Every resource of the type that this template deploys (not <c>existing</c> ones), evaluated.</summary>
    /// <param name="type">E.g. <c>Microsoft.Web/sites</c>; an extension's version (<c>…@v1.0</c>) is not compared.</param>
    public IReadOnlyList<JsonObject> Resources(string type)
    {
        Assert.NotEqual(Deployments, type); // a module's template is evaluated in its own scope: use Module
        return [.. RawResources().Where(r => TypeOf(r) == type && r["existing"] is null).Select(r => Evaluate(r)!.AsObject())];
    }

    /// <summary>The one resource of the type this template deploys, evaluated.</summary>
    public JsonObject Resource(string type) => Assert.Single(Resources(type));

    /// <summary>The type of the resource declared as <c>resource name</c> in Bicep (version left off).</summary>
    public string TypeOf(string symbolicName) =>
        TypeOf(Section("resources")[symbolicName]?.AsObject() ?? throw new KeyNotFoundException($"no resource {symbolicName}"));

    /// <summary>
    /// The module declared as <c>module name</c> in Bicep (the name <c>reference('name')</c> uses), with the values this
    /// template passes it. Only known values are put into the module's expressions: an unknown one stays
    /// <c>parameters('x')</c> there, since its text belongs to this template's scope (read it with <see cref="Argument"/>).
    /// </summary>
    public ArmTemplate Module(string symbolicName)
    {
        JsonObject deployment = Section("resources")[symbolicName]?.AsObject() ?? throw new KeyNotFoundException($"no module {symbolicName}");
        Assert.Equal(Deployments, TypeOf(deployment));
        JsonObject properties = deployment["properties"]!.AsObject();
        Assert.Equal("inner", (string?)properties["expressionEvaluationOptions"]?["scope"]);
        Dictionary<string, JsonNode?> arguments = properties["parameters"]!.AsObject()
            .ToDictionary(p => p.Key, p => Evaluate(p.Value!["value"]), StringComparer.Ordinal);
        return new ArmTemplate(properties["template"]!.AsObject(), arguments);
    }

    /// <summary>Template JSON evaluated with this template's parameters and variables.</summary>
    public JsonNode? Evaluate(JsonNode? node) => _evaluator.Evaluate(node);

    private ArmExpression Parameter(string name)
    {
        if (_arguments.TryGetValue(name, out JsonNode? value))
            return ArmEvaluator.IsKnown(value) ? new ArmExpression.Literal(value) : Unknown(name);
        JsonObject declaration = Parameters[name]?.AsObject() ?? throw new KeyNotFoundException($"no parameter {name}");
        return declaration.TryGetPropertyValue("defaultValue", out JsonNode? defaultValue)
            ? ArmExpression.FromJson(Evaluate(defaultValue))
            : Unknown(name);
    }

    private static ArmExpression.Call Unknown(string parameter) => new("parameters", [new ArmExpression.Literal(parameter)]);

    private JsonObject Section(string name) => _json[name]?.AsObject() ?? [];

    /// <summary>Resources keyed by symbolic name (language version 2.0) or listed (the older form Bicep still writes).</summary>
    private IEnumerable<JsonObject> RawResources() => _json["resources"] switch
    {
        JsonObject byName => byName.Select(r => r.Value!.AsObject()),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };

    private static string TypeOf(JsonObject resource) => ((string)resource["type"]!).Split('@')[0];
}
