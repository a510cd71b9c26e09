using FunctionsMcp.Mcp.Auth;
using FunctionsMcp.Mcp.Models;
using FunctionsMcp.Mcp.Models.CarePlans;
using FunctionsMcp.Mcp.Models.Catalogue;
using FunctionsMcp.Mcp.Models.Funding;
using FunctionsMcp.Mcp.Models.Medications;
using FunctionsMcp.Mcp.Models.Goals;
using FunctionsMcp.Mcp.Models.Participants;
using FunctionsMcp.Mcp.Models.Staff;
using FunctionsMcp.Mcp.Protection;
using FunctionsMcp.Mcp.Telemetry;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Ndis.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Mcp;

/// <summary>Registers and maps the MCP endpoint, its resource metadata and its tools.</summary>
public static class McpEndpointExtensions
{
    public const string Path = "/mcp";

    public static IServiceCollection AddMcpEndpoint(this IServiceCollection services)
    {
        services.AddOptions<McpEndpointOptions>().BindConfiguration(McpEndpointOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpEndpointOptions>, McpEndpointOptionsValidator>());
        services.TryAddSingleton<BearerAuthentication>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<McpServerFactory>();
        services.TryAddSingleton<ToolListCache>();
        services.TryAddSingleton<McpRequestRecorder>();
        services.TryAddSingleton<McpEndpoint>();
        services.TryAddSingleton<ToolCatalog>();
        services.AddSingleton<McpWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<McpWarmup>());
        services.AddScoped<McpCallContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMcpRequestGate, RateLimitGate>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<IMcpRequestObserver>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddFunctionsMcpMetrics();
        services.AddSingleton<IMcpRequestObserver, McpRequestMetrics>();
        services.AddMcpTools<IdentityTools>();
        services.AddMcpTools<GenericModelTools>();
        services.TryAddSingleton<ModelRegistry>();
        services.AddSingleton(ParticipantModel.Create());
        services.TryAddSingleton<ParticipantService>();
        services.AddSingleton(GoalModel.Create());
        services.AddSingleton(GoalActivityModel.Create());
        services.TryAddSingleton<GoalService>();
        services.AddSingleton(CarePlanModel.Create());
        services.TryAddSingleton<CarePlanService>();
        services.AddSingleton(FundingLineModel.Create());
        services.TryAddSingleton<FundingService>();
        services.AddSingleton(MedicationModel.Create());
        services.TryAddSingleton<MedicationService>();
        services.AddSingleton(StaffModel.Create());
        services.TryAddSingleton<StaffService>();
        services.AddSingleton(CatalogueModel.Create());
        services.TryAddSingleton<CatalogueService>();
        return services;
    }

    /// <summary>Adds a class whose <c>[McpServerTool]</c> methods become tools.</summary>
    public static IServiceCollection AddMcpTools<T>(this IServiceCollection services) where T : class
    {
        services.AddSingleton(new ToolType(typeof(T)));
        return services;
    }

    /// <summary>
    /// The <c>/mcp</c> surface: POST is MCP; every other method the function lists is answered 405 with <c>Allow: POST</c>.
    /// Both write the response themselves (JSON or an event stream), so the result handed back is empty.
    /// </summary>
    public static async Task<IResult> HandleMcpAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            await context.Service<McpEndpoint>().HandlePostAsync(context);
            return Results.Empty;
        }

        // Stateless: no GET stream and no sessions to DELETE (2026-07-28 streamable-http "Legacy traffic").
        context.Response.Headers.Allow = HttpMethods.Post;
        await JsonRpcHttp.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, JsonRpcCodes.ServerError,
            "Method Not Allowed: this stateless MCP endpoint accepts only POST.");
        return Results.Empty;
    }
}
