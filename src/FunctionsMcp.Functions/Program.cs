using FunctionsMcp.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace FunctionsMcp.Functions;

/// <summary>
/// The isolated worker's entry point. A named class rather than top-level statements: the local host and the tests
/// reference this assembly, and two global <c>Program</c> types would clash.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddFunctionsMcp();
        builder.Services.AddTelemetry(builder.Configuration);

        builder.Build().Run();
    }
}
