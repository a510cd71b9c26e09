namespace FunctionsMcp.Cli.Connect;

/// <summary>Keeps the key folder out of git: adds <c>.fmcp/</c> to the project's <c>.gitignore</c> once.</summary>
internal static class GitIgnore
{
    public const string FileName = ".gitignore";
    private const string Entry = ConnectTarget.KeyFolder + "/";
    private const string Comment = "# Access keys that fmcp connect wrote for MCP clients: never commit them.";

    /// <summary>Adds the entry unless a line already ignores the folder; says which it did.</summary>
    public static string Ensure(string directory)
    {
        string path = Path.Combine(directory, FileName);
        string text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        if (Ignores(text))
            return $"{FileName} already ignores {Entry}";

        string separator = text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n";
        File.AppendAllText(path, $"{separator}{Comment}\n{Entry}\n");
        return text.Length == 0 ? $"Created {FileName} with {Entry}" : $"Added {Entry} to {FileName}";
    }

    /// <summary>True when a line of the file ignores the key folder at the project's root (the forms git reads the same).</summary>
    public static bool Ignores(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim())
            .Any(l => l is ConnectTarget.KeyFolder or Entry or "/" + ConnectTarget.KeyFolder or "/" + Entry);
}
