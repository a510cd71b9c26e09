using System.Text.Json.Nodes;

namespace FunctionsMcp.FunctionHost;

/// <summary>The one host.json setting that shapes routes: <c>extensions.http.routePrefix</c> (the host's default is <c>api</c>).</summary>
public static class HostJson
{
    public const string DefaultRoutePrefix = "api";

    public static string ReadRoutePrefix(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"host.json was not found at {path}: the functions' routes depend on its extensions.http.routePrefix.", path);
        JsonNode? root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return root?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? DefaultRoutePrefix;
    }
}
