using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Connect;

/// <summary>A file to write, with what it now holds, and one line saying what changed (or that nothing did).</summary>
internal sealed record FileChange(string Path, string? Content, string Summary);

/// <summary>
/// A client's JSON configuration (<c>.mcp.json</c>, <c>.vscode/mcp.json</c>, <c>.cursor/mcp.json</c>): read, one server
/// entry added under <c>mcpServers</c> or <c>servers</c>, every other entry and setting kept as it was.
/// </summary>
internal static class JsonConfigFile
{
    // Quotes and angle brackets stay as they are: these files are read by editors and shells, never embedded in HTML.
    private static readonly JsonSerializerOptions s_write = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonDocumentOptions s_lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// The file as an object (empty when it does not exist), or why it cannot be changed safely: it is not JSON, or it has
    /// comments that rewriting would drop (allowed with <paramref name="force"/>).
    /// </summary>
    public static (JsonObject? Root, string? Problem) Load(string path, string shownAs, bool force)
    {
        if (!File.Exists(path))
            return (new JsonObject(), null);
        string text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
            return (new JsonObject(), null);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: s_lenient);
            }
            catch (JsonException e)
            {
                return (null, $"{shownAs} is not valid JSON ({e.Message}): fix it, or move it away, and run again");
            }

            if (!force)
                return (null, $"{shownAs} has comments or trailing commas, which rewriting it would drop: add the entry by hand " +
                    "(--print shows it), or run again with --force to rewrite the file without them");
        }

        return root is JsonObject rootObject
            ? (rootObject, null)
            : (null, $"{shownAs} is not a JSON object: fix it, or move it away, and run again");
    }

    /// <summary>
    /// Puts <paramref name="entry"/> under <paramref name="section"/>.<paramref name="name"/>. An entry of that name that differs
    /// is replaced only with <paramref name="force"/>; one that is the same is left alone. Returns whether the file changes, or why not.
    /// </summary>
    public static (bool Changed, string? Problem) AddServer(JsonObject root, string section, string name, JsonObject entry, bool force, string shownAs)
    {
        if (root[section] is null)
            root[section] = new JsonObject();
        if (root[section] is not JsonObject servers)
            return (false, $"{shownAs} has a '{section}' that is not an object: fix it and run again");

        if (servers[name] is { } existing)
        {
            if (JsonNode.DeepEquals(existing, entry))
                return (false, null);
            if (!force)
                return (false, $"{shownAs} already has a server named '{name}' that differs from what fmcp writes: " +
                    "run again with --force to replace it, or --server-name <another name> to add one beside it");
        }

        servers[name] = entry;
        return (true, null);
    }

    /// <summary>
    /// The change for a file that holds only server entries: <see cref="Load"/> it, <see cref="AddServer"/> the entry, and write
    /// it with <paramref name="summary"/> when that changed it; or why it cannot be changed. Reads, never writes.
    /// </summary>
    public static (IReadOnlyList<FileChange> Changes, string? Problem) PlanServer(
        string path, string shownAs, string section, string name, JsonObject entry, bool force, string summary)
    {
        (JsonObject? root, string? problem) = Load(path, shownAs, force);
        if (root is null)
            return ([], problem);
        (bool changed, problem) = AddServer(root, section, name, entry, force, shownAs);
        if (problem is not null)
            return ([], problem);
        return ([changed
            ? new FileChange(path, Serialize(root), summary)
            : new FileChange(path, null, $"{shownAs} already has server {name} as fmcp writes it")], null);
    }

    public static string Serialize(JsonNode root) => root.ToJsonString(s_write) + "\n";
}
