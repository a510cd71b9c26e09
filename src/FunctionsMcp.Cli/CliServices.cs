using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli;

/// <summary>The same registrations the app makes for storage, credentials and its public URL; nothing of the Host.</summary>
internal static class CliServices
{
    /// <summary>Builds the services and checks their settings now, as the app does at start-up.</summary>
    /// <exception cref="OptionsValidationException">A setting is missing or malformed.</exception>
    public static ServiceProvider Build(IConfiguration configuration, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(time);
        // Services log through ILogger (state pruning reports what it deleted); the CLI prints its own lines instead, so no provider.
        services.AddLogging();
        services.AddServerOptions();
        services.AddTableStorage();
        services.AddCredentials();
        // One command, then exit: it must see users and organizations as stored now, never a row an earlier read left.
        services.Configure<IdentityCacheOptions>(o => o.Seconds = 0);

        ServiceProvider provider = services.BuildServiceProvider();
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
