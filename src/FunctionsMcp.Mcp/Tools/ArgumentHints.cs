namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// How to supply each argument of one tool when it is missing, by argument name (e.g. <c>version</c>: "read the
/// participant first with get_participant and pass its `version`").
/// </summary>
internal sealed record ArgumentHints(IReadOnlyDictionary<string, string> ByName)
{
    public static readonly ArgumentHints None = new(new Dictionary<string, string>());

    public string? For(string name) => ByName.GetValueOrDefault(name);
}
