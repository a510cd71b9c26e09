using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Cli;

/// <summary>
/// What a command handler works with: its arguments, the services (built on first use, so that a usage error
/// never needs storage or valid settings), the clock, and stdout/stderr with the CLI's error conventions.
/// </summary>
internal sealed class CommandContext(
    CommandSpec command,
    ParsedArguments arguments,
    CliSettings settings,
    TextWriter output,
    TextWriter error,
    TimeProvider time,
    CancellationToken cancellationToken) : IAsyncDisposable
{
    private ServiceProvider? _services;

    public ParsedArguments Arguments => arguments;

    public CliSettings Settings => settings;

    public TextWriter Output => output;

    public TextWriter Error => error;

    public TimeProvider Time => time;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>True when the command should print JSON instead of a table.</summary>
    public bool Json => arguments.Has(CliOptions.Json);

    /// <summary>A service; the first call builds them all and validates the settings.</summary>
    public T Get<T>()
        where T : notnull
    {
        if (_services is null)
        {
            if (settings.StorageNote is { } note)
                error.WriteLine(note);
            _services = CliServices.Build(settings.Configuration, time);
        }

        return _services.GetRequiredService<T>();
    }

    /// <summary>Reports a usage error (exit code 2) with the command's synopsis.</summary>
    public int Usage(string problem) => CliApp.UsageError(error, problem, command);

    /// <summary>Reports a failed operation (exit code 1); the message says what to fix.</summary>
    public int Fail(string problem)
    {
        error.WriteLine("error: " + problem);
        return ExitCodes.Failed;
    }

    /// <summary>Null when the organization exists; otherwise the exit code after saying it does not.</summary>
    public async Task<int?> CheckOrganizationAsync(string organizationId)
    {
        Organization? organization = await Get<IIdentityStore>().GetOrganizationAsync(organizationId, cancellationToken);
        return organization is null ? Fail($"organization '{organizationId}' was not found: run 'orgs list' to see the organizations") : null;
    }

    /// <summary>Null when the organization has the user; otherwise the exit code after saying it does not.</summary>
    public async Task<int?> CheckUserAsync(string organizationId, string userId)
    {
        User? user = await Get<IIdentityStore>().GetUserAsync(organizationId, userId, cancellationToken);
        return user is null
            ? Fail($"user '{userId}' was not found in organization '{organizationId}': run 'users list --org {organizationId}' to see its users")
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
    }
}

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
