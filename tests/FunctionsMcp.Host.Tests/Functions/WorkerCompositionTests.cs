using FunctionsMcp.FunctionHost;
using FunctionsMcp.Functions;
using FunctionsMcp.Functions.Housekeeping;
using FunctionsMcp.Functions.Telemetry;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMcp.Host.Tests.Functions;

/// <summary>
/// The worker's own composition (what <c>Program.cs</c> builds, without the Functions host it would connect to): every
/// function runs against its services, so a service the local host adds but the worker lacks fails here, not in Azure.
/// </summary>
public sealed class WorkerCompositionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryHttpFunction_RunsAgainstTheWorkersServices_WithoutAServerError()
    {
        using IHost worker = BuildWorker();
        IReadOnlyList<HttpFunction> functions = HttpFunction.Discover(typeof(FunctionsMcpServices).Assembly);
        Assert.Equal(24, functions.Count);

        foreach (HttpFunction function in functions)
        {
            foreach (string method in function.Methods)
            {
                await using AsyncServiceScope scope = worker.Services.CreateAsyncScope();
                var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
                context.Request.Method = method.ToUpperInvariant();
                context.Response.Body = new MemoryStream();

                IResult result = await (Task<IResult>)function.Method.Invoke(null, [context.Request])!;
                await result.ExecuteAsync(context);

                Assert.True(context.Response.StatusCode < 500, $"{method} {function.Name} answered {context.Response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task TheTimerFunction_IsCreatedFromTheWorkersServices_AndPrunes()
    {
        using IHost worker = BuildWorker();
        StatePruningFunction function = ActivatorUtilities.CreateInstance<StatePruningFunction>(worker.Services);

        await function.Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), TestContext.Current.CancellationToken);
    }

    private IHost BuildWorker()
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(HostFactory.Settings(azurite.ConnectionString));
        builder.Services.AddFunctionsMcp();
        builder.Services.AddTelemetry(builder.Configuration);
        return builder.Build();
    }
}
