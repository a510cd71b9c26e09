using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Models;

/// <summary>Every model the server offers, and the operations a caller may use.</summary>
internal sealed class ModelRegistry(IEnumerable<ModelDefinition> models)
{
    private readonly Dictionary<string, ModelDefinition> _models = models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ModelDefinition> All => _models.Values;

    public ModelDefinition? Find(string? model) => model is null ? null : _models.GetValueOrDefault(model);

    public string Names => string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));

    /// <summary>The models and operations <paramref name="principal"/> may use.</summary>
    public IEnumerable<(ModelDefinition Model, IReadOnlyList<ModelOperation> Operations)> For(McpPrincipal principal) =>
        _models.Values
            .Select(m => (m, (IReadOnlyList<ModelOperation>)m.Operations.Where(o => principal.Has(o.RequiredScope)).ToList()))
            .Where(m => m.Item2.Count > 0);
}
