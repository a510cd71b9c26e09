using FunctionsMcp.Mcp;
using FunctionsMcp.OAuth;
using FunctionsMcp.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Functions;

/// <summary>The app's composition, shared by the isolated worker and the local host so both run the same services.</summary>
public static class FunctionsMcpServices
{
    public static IServiceCollection AddFunctionsMcp(this IServiceCollection services)
    {
        services.AddServerOptions();
        services.AddTableStorage();
        services.AddAuthorizationServer();
        services.AddMcpEndpoint();
        return services;
    }
}
