using Azure.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli;

/// <summary>
/// Turns the failures an admin can fix (storage down or refusing us, settings wrong, sign-in failing) into one line
/// each that names the fix. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliFailures
{
    private const string CheckStorage =
        "Check Storage__ConnectionString or Storage__TableServiceUri (or --storage): is Azurite running? " +
        "(dotnet run --project src/FunctionsMcp.Host starts it.)";

    /// <summary>The lines to print for <paramref name="exception"/>, or null when it is not one of these failures.</summary>
    public static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        TableStorageException { Failure: TableFailure.Unreachable or TableFailure.Timeout } e => [Line($"{e.Message} {CheckStorage}")],
        TableStorageException { Failure: TableFailure.Forbidden } e => [Line(
            $"{e.Message} The credential was refused: check the account key in Storage__ConnectionString, " +
            "or that your identity has the Storage Table Data Contributor role on the account.")],
        TableStorageException { Failure: TableFailure.Throttled } e => [Line($"{e.Message} Storage is busy: try again in a minute.")],
        TableStorageException e => [Line(e.Message)],
        AuthenticationFailedException e => [Line(
            $"signing in to storage failed ({FirstLine(e.Message)}). Sign in with 'az login', set Storage__ManagedIdentityClientId, " +
            "or use Storage__ConnectionString.")],
        OptionsValidationException e => e.Failures.Select(Line).ToArray(),
        AggregateException e when e.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            e.InnerExceptions.SelectMany(inner => Describe(inner)!).ToArray(),
        _ => null,
    };

    private static string Line(string message) => message.ReplaceLineEndings(" ");

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0].Trim();
}
