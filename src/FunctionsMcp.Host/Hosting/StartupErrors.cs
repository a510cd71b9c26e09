using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.Hosting;

/// <summary>A configuration problem found before the app could start; its message says what to fix.</summary>
internal sealed class StartupException(string message) : Exception(message);

/// <summary>
/// Turns configuration mistakes into one clear sentence on stderr and exit code 1, instead of a stack trace.
/// Bugs still surface as exceptions.
/// </summary>
internal static class StartupErrors
{
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return Fail(ex.Failures);
        }
        catch (StartupException ex)
        {
            return Fail([ex.Message]);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A setting of the wrong type (an unknown enum name, a number that is not one): the binder names value and key.
            return Fail([ex.Message + " Check the setting's allowed values in the README."]);
        }
        catch (IOException ex) when (IsAddressInUse(ex))
        {
            return Fail([$"The port is already in use ({ex.Message}): stop the other server or set ASPNETCORE_URLS to another address."]);
        }
    }

    // Kestrel wraps it: IOException → AddressInUseException → SocketException (AddressAlreadyInUse).
    private static bool IsAddressInUse(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } or Microsoft.AspNetCore.Connections.AddressInUseException)
                return true;
        }

        return false;
    }

    /// <summary>Runs every <c>ValidateOnStart</c> check now, before the host logs anything about starting.</summary>
    public static void ValidateConfiguration(this WebApplication app) =>
        app.Services.GetService<IStartupValidator>()?.Validate();

    private static int Fail(IEnumerable<string> problems)
    {
        Console.Error.WriteLine("FunctionsMcp cannot start:");
        foreach (string problem in problems)
            Console.Error.WriteLine("  - " + problem);
        return 1;
    }
}
