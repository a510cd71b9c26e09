using FunctionsMcp.Mcp.Tools;
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
}
