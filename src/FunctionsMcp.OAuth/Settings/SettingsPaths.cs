namespace FunctionsMcp.OAuth.Settings;

/// <summary>The settings pages' paths: what the functions serve, what forms post to, and where a sign-in may return.</summary>
internal static class SettingsPaths
{
    public const string Settings = "/settings";
    public const string Mcp = "/settings/mcp";
    public const string Activity = "/settings/mcp/activity";
    public const string SignOut = "/settings/signout";
    public const string CreateKey = "/settings/mcp/keys/create";
    public const string RevokeKey = "/settings/mcp/keys/revoke";
    public const string DisconnectApp = "/settings/mcp/apps/disconnect";
    public const string CreateClient = "/settings/mcp/clients/create";
    public const string DeleteClient = "/settings/mcp/clients/delete";

    /// <summary>The longest query a sign-in remembers to return to (a continuation token and an id fit many times over).</summary>
    private const int MaxQueryLength = 1000;

    /// <summary>
    /// Where a sign-in started from <paramref name="path"/> returns: that page of ours with its query (which holds ids and
    /// cursors, never a secret), or the main page when the query is too long. Only paths of ours, so never an open redirect.
    /// </summary>
    public static string ReturnPath(string path, string query) =>
        string.Equals(path, Activity, StringComparison.OrdinalIgnoreCase) ? Activity + (query.Length <= MaxQueryLength ? query : string.Empty) : Mcp;

    /// <summary>True for a path <see cref="ReturnPath"/> makes.</summary>
    public static bool IsReturnPath(string? value) =>
        value is not null && (value == Mcp || value.StartsWith(Activity + "?", StringComparison.Ordinal) || value == Activity);
}
