using FunctionsMcp.Host.Hosting;
using FunctionsMcp.Host.LocalRun;
using FunctionsMcp.Storage;

return await StartupErrors.RunAsync(async () =>
{
    WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
    builder.UseFunctionsCustomHandlerUrls();
    builder.Services.AddServerOptions();
    builder.Services.AddTableStorage();
    builder.Services.AddLocalAzurite();

    WebApplication app = builder.Build();
    app.ValidateConfiguration();
    app.MapReadinessProbe();
    app.MapHealth();

    await app.RunAsync();
});
