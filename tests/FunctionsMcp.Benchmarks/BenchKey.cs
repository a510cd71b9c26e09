using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsMcp.Benchmarks;

/// <summary>The benchmarks' caller: the demo organizations and users, and a new access key for the Sunrise coordinator.</summary>
internal static class BenchKey
{
    public static async Task<string> CreateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DemoIdentities.SeedAsync(services.GetRequiredService<IIdentityStore>(), cancellationToken);
        (CreatedAccessKey? key, string? error) = await services.GetRequiredService<AccessKeyService>()
            .CreateAsync(DemoIdentities.Sunrise, "sunrise-coordinator", "benchmark", Scopes.All, null, cancellationToken);
        return key?.Token ?? throw new InvalidOperationException(error);
    }

    /// <summary>
    /// The same, written through this repository's storage services alone (no app), for apps that run as other
    /// processes: they find the key by its hash in the same tables.
    /// </summary>
    public static async Task<string> CreateInStorageAsync(string connectionString, CancellationToken cancellationToken)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Storage:ConnectionString", connectionString)])
            .Build();
        IServiceCollection services = new ServiceCollection().AddSingleton(configuration).AddLogging().AddTableStorage();
        services.TryAddSingleton<AccessKeyService>();
        await using ServiceProvider provider = services.BuildServiceProvider();
        return await CreateAsync(provider, cancellationToken);
    }
}
