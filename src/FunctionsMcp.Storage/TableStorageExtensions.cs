using Azure.Data.Tables;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Storage.Audit;
using FunctionsMcp.Storage.Identity;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Storage.Authorization;
using FunctionsMcp.Storage.Protection;
using FunctionsMcp.Storage.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Storage;

/// <summary>Registers Table Storage: options, one <see cref="TableServiceClient"/>, and its health check.</summary>
public static class TableStorageExtensions
{
    /// <summary>Adds the <c>Storage</c> settings (validated at start-up) and the table service client.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services)
    {
        services.AddOptions<TableStorageOptions>().BindConfiguration(TableStorageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TableStorageClientFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<TableStorageClientFactory>().Create());
        services.TryAddSingleton(sp => new TableProvider(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<TableStorageOptions>>().Value.CreateTables));
        services.TryAddSingleton<IIdentityStore, TableIdentityStore>();
        services.TryAddSingleton<IAccessKeyStore, TableAccessKeyStore>();
        services.TryAddSingleton<IRateLimitCounter, TableRateLimitCounter>();
        services.TryAddSingleton<IAuditStore, TableAuditStore>();
        services.TryAddSingleton<IGrantStore, TableGrantStore>();
        services.TryAddSingleton<IClientStore, TableClientStore>();
        services.TryAddSingleton<IAuthorizationStateStore, TableAuthorizationStateStore>();
        services.TryAddSingleton<ISettingsSessionStore, TableSettingsSessionStore>();
        services.TryAddSingleton<IParticipantStore, TableParticipantStore>();
        services.TryAddSingleton<IMedicationStore, TableMedicationStore>();
        services.TryAddSingleton<IStaffStore, TableStaffStore>();
        services.TryAddSingleton<ICatalogueStore, TableCatalogueStore>();
        services.TryAddSingleton<IGoalStore, TableGoalStore>();
        services.TryAddSingleton<ICarePlanStore, TableCarePlanStore>();
        services.TryAddSingleton<IFundingStore, TableFundingStore>();
        services.AddHealthChecks().AddCheck<TableStorageHealthCheck>("storage");
        return services;
    }
}
