namespace FunctionsMcp.Browser.Tests;

/// <summary>
/// Where the Chromium these tests drive lives: <c>CHROMIUM_PATH</c> when set, else Debian's <c>/usr/bin/chromium</c>.
/// Playwright is given this executable, so it never downloads a browser of its own.
/// </summary>
internal static class Chromium
{
    public const string PathVariable = "CHROMIUM_PATH";
    public const string DebianPath = "/usr/bin/chromium";

    /// <summary>The executable to launch; a missing one is an error with the fix, never a reason to skip the tests.</summary>
    public static string Find() => Find(Environment.GetEnvironmentVariable(PathVariable), File.Exists);

    /// <summary><see cref="Find()"/> with the variable's value and the file check given (for its own tests).</summary>
    public static string Find(string? chosen, Func<string, bool> exists)
    {
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return exists(chosen)
                ? chosen
                : throw new InvalidOperationException(
                    $"{PathVariable} is set to '{chosen}', but no file is there: point it at a Chromium executable, or unset it to use {DebianPath}.");
        }

        return exists(DebianPath)
            ? DebianPath
            : throw new InvalidOperationException(
                $"The browser tests need Chromium and there is none at {DebianPath}: run `apt-get install chromium` (.ci/run does), or set {PathVariable} to a Chromium executable.");
    }
}
