using FunctionsMcp.Host.Hosting;
using FunctionsMcp.Host.LocalRun;
using FunctionsMcp.Mcp;
using FunctionsMcp.OAuth;
using FunctionsMcp.Storage;

return await StartupErrors.RunAsync(async () =>
{
    WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
    builder.UseFunctionsCustomHandlerUrls();
    builder.Services.AddServerOptions();
    builder.Services.AddTableStorage();
    builder.Services.AddAuthorizationServer();
    builder.Services.AddMcpEndpoint();
    builder.Services.AddLocalRun();

    WebApplication app = builder.Build();
    app.ValidateConfiguration();
    app.MapReadinessProbe();
    app.MapHealth();
    app.MapAuthorizationServer();
    app.MapMcpEndpoint();

    await app.RunAsync();
});
