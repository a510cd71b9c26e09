using FunctionsMcp.FunctionHost;
using FunctionsMcp.Functions;
using FunctionsMcp.Functions.Telemetry;
using FunctionsMcp.Host.Hosting;
using FunctionsMcp.Host.LocalRun;

// The local host: the isolated worker's functions on Kestrel, routed as the Functions host routes them (see
// FunctionsMcp.FunctionHost), for `dotnet run` and the tests. In Azure the worker (src/FunctionsMcp.Functions) runs them.
return await StartupErrors.RunAsync(async () =>
{
    WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
    builder.UseLocalUrls();
    builder.Services.AddFunctionsMcp();
    builder.Services.AddTelemetry(builder.Configuration);
    builder.Services.AddLocalRun();

    WebApplication app = builder.Build();
    app.ValidateConfiguration();
    app.MapFunctions(typeof(FunctionsMcpServices).Assembly, HostJson.ReadRoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));

    await app.RunAsync();
});
