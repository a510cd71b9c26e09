using FunctionsMcp.OAuth.AccessKeys;

namespace FunctionsMcp.Cli.Connect;

/// <summary>The git-ignored file a client reads the key from: only its owner can read it, where the system has modes.</summary>
internal static class KeyFile
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The id of the key the file holds now, if it holds one: writing another leaves that one working.</summary>
    public static string? CurrentKeyId(string path) =>
        File.Exists(path) && AccessKeyFormat.TryParse(File.ReadAllText(path).Trim(), out string id, out _) ? id : null;

    /// <summary>Writes <paramref name="token"/> alone (no newline), creating the folder; both readable by the owner only.</summary>
    public static void Write(string path, string token)
    {
        string folder = Path.GetDirectoryName(path)!;
        if (!System.IO.Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
                System.IO.Directory.CreateDirectory(folder);
            else
                System.IO.Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        // Created empty with the owner-only mode first, so the key is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(token);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, OwnerOnlyFile);
    }
}
