namespace FunctionsMcp.LocalDev;

/// <summary>Finds the repository checkout the app or a test runs from.</summary>
public static class Repository
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string MarkerFile = "FunctionsMcp.sln";

    /// <summary>The nearest folder at or above <paramref name="start"/> holding the solution, or null outside a checkout.</summary>
    public static string? FindRoot(string start)
    {
        for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, MarkerFile)))
                return folder.FullName;
        }

        return null;
    }

    /// <summary>Like <see cref="FindRoot"/>, but says what to do when there is no checkout.</summary>
    public static string GetRoot(string start) =>
        FindRoot(start) ?? throw new InvalidOperationException(
            $"No {MarkerFile} was found at or above {start}: run this from a clone of the repository.");
}
