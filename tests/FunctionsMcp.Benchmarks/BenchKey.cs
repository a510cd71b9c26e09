using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsMcp.Benchmarks;

/// <summary>The benchmarks' caller: the demo organizations and users, and a new access key for a Sunrise user (the coordinator unless told).</summary>
internal static class BenchKey
{
    public const string Coordinator = "sunrise-coordinator";

    public static Task<string> CreateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        CreateAsync(services, Coordinator, cancellationToken);

    public static async Task<string> CreateAsync(IServiceProvider services, string user, CancellationToken cancellationToken)
    {
        await DemoIdentities.SeedAsync(services.GetRequiredService<IIdentityStore>(), cancellationToken);
        // Every scope the user's role may hold.
        Role role = DemoIdentities.Users.Single(u => u.OrganizationId == DemoIdentities.Sunrise && u.Id == user).Role;
        (CreatedAccessKey? key, string? error) = await services.GetRequiredService<AccessKeyService>()
            .CreateAsync(DemoIdentities.Sunrise, user, "benchmark", RoleCeilings.For(role), null, cancellationToken);
        return key?.Token ?? throw new InvalidOperationException(error);
    }

    /// <summary>
    /// The same, written through this repository's storage services alone (no app), for apps that run as other
    /// processes: they find the key by its hash in the same tables.
    /// </summary>
    public static async Task<string> CreateInStorageAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using ServiceProvider provider = StorageServices(connectionString);
        return await CreateAsync(provider, cancellationToken);
    }

    /// <summary>This repository's storage services on <paramref name="connectionString"/>, with what creating a key needs.</summary>
    public static ServiceProvider StorageServices(string connectionString)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Storage:ConnectionString", connectionString)])
            .Build();
        IServiceCollection services = new ServiceCollection().AddSingleton(configuration).AddLogging().AddTableStorage();
        services.TryAddSingleton<IdentityCache>();
        services.TryAddSingleton<AccessKeyService>();
        return services.BuildServiceProvider();
    }
}
