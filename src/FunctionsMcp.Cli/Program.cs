using FunctionsMcp.Cli;
using Microsoft.Extensions.Configuration;

// The app's own settings, from the environment (Storage__ConnectionString, Server__BaseUrl, ...); CliApp layers
// --storage/--url and the local defaults over them. Ctrl+C cancels the storage call in flight.
IConfiguration environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApp.RunAsync(args, environment, Console.Out, Console.Error, cancel.Token);
