using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Models;

/// <summary>Every model the server offers, and the operations a caller may use.</summary>
internal sealed class ModelRegistry(IEnumerable<ModelDefinition> models)
{
    private const string View = "view";
    private const string List = "list";

    private readonly Dictionary<string, ModelDefinition> _models = models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ModelDefinition> All => _models.Values;

    public ModelDefinition? Find(string? model) => model is null ? null : _models.GetValueOrDefault(model);

    public string Names => string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));

    /// <summary>The models and operations <paramref name="principal"/> may use.</summary>
    public IEnumerable<(ModelDefinition Model, IReadOnlyList<ModelOperation> Operations)> For(McpPrincipal principal) =>
        _models.Values
            .Select(m => (m, (IReadOnlyList<ModelOperation>)m.Operations.Where(o => principal.Has(o.RequiredScope)).ToList()))
            .Where(m => m.Item2.Count > 0);

    /// <summary>
    /// How to supply an operation's id-like arguments when they are missing: <c>version</c> from the model's view tool,
    /// <c>id</c> from its list tool, and <c>&lt;model&gt;_id</c> (participant_id, goal_id) from that model's list tool.
    /// </summary>
    public ArgumentHints HintsFor(ModelOperation operation)
    {
        var hints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ModelDefinition model in _models.Values)
        {
            if (model.Find(List) is { } list)
                hints[$"{model.Name}_id"] = $"pass the {model.RecordNoun}'s `id` as {list.ToolName} returns it";
        }

        ModelDefinition own = _models[operation.Model];
        if (own.Find(List) is { } ownList)
            hints["id"] = $"pass the {own.RecordNoun}'s `id` as {ownList.ToolName} returns it";
        if (own.Find(View) is { } view)
            hints["version"] = $"read the {own.RecordNoun} first with {view.ToolName} and pass its `version`";
        return new ArgumentHints(hints);
    }

    /// <summary>
    /// The output schema <c>tools/list</c> shows for an operation. A record's shape is written in full once, on the
    /// tool that reads it (get_participant; for a model without one, its list tool); the other tools returning the
    /// same record, or a page of them, publish a short schema naming what a model passes on (id, version, the cursor)
    /// and where the full shape is. Every result still matches the schema its tool publishes.
    /// </summary>
    public JsonElement OutputSchemaFor(ModelOperation operation)
    {
        ModelDefinition model = _models[operation.Model];
        ModelOperation? reader = model.Find(View) ?? model.Find(List);
        if (reader is null || reader == operation)
            return operation.ResultSchema;
        Type record = reader.Operation == View ? reader.ResultType : PageItem(reader.ResultType) ?? reader.ResultType;
        string where = reader.Operation == View ? $"as {reader.ToolName} returns it" : $"as in {reader.ToolName}";
        if (operation.ResultType == record)
            return Reference(operation.ResultSchema, $"The {model.RecordNoun} {where}.");
        if (PageItem(operation.ResultType) == record)
            return Page(operation.ResultSchema, $"Each {where}.");
        return operation.ResultSchema;
    }

    private static Type? PageItem(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RecordPage<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The record's id and version (what a model passes on), and a pointer to the full shape.</summary>
    private static JsonElement Reference(JsonElement full, string description)
    {
        var schema = (JsonObject)JsonNode.Parse(full.GetRawText())!;
        var properties = (JsonObject)schema["properties"]!;
        foreach (string name in properties.Select(p => p.Key).Where(n => n is not ("id" or "version")).ToList())
            properties.Remove(name);
        schema.Remove("$defs");
        schema["description"] = description;
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>A page whose items are described by reference: the cursor and the count stay in full.</summary>
    private static JsonElement Page(JsonElement full, string items)
    {
        var schema = (JsonObject)JsonNode.Parse(full.GetRawText())!;
        schema.Remove("$defs");
        schema["properties"]!["items"] = new JsonObject { ["type"] = "array", ["description"] = items };
        return JsonSerializer.SerializeToElement(schema);
    }
}
