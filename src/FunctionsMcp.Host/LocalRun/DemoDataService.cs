using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// The local run's demo: in Development with <c>LocalRun:SeedDemoData</c> on, loads the demo organizations and
/// users (again: it changes nothing), replaces the previous demo key with a fresh one, and prints it once with
/// the lines to paste into Manus and Claude Code. The key goes to the console only, never to the logs.
/// </summary>
internal sealed partial class DemoDataService(
    IOptions<LocalRunOptions> localRun,
    IOptions<ServerOptions> server,
    IHostEnvironment environment,
    IIdentityStore identities,
    AccessKeyService keys,
    IHostApplicationLifetime lifetime,
    ILogger<DemoDataService> logger) : IHostedService
{
    public const string DemoKeyName = "Local demo key";
    private static readonly User s_demoUser = DemoIdentities.Users.Single(u => u.Id == "sunrise-coordinator");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!localRun.Value.SeedDemoData || !environment.IsDevelopment())
            return;

        await DemoIdentities.SeedAsync(identities, cancellationToken);
        foreach (AccessKey old in await keys.ListAsync(s_demoUser.OrganizationId, s_demoUser.Id, cancellationToken))
        {
            if (old.Name == DemoKeyName && old.RevokedAt is null)
                await keys.RevokeAsync(old.OrganizationId, old.Id, cancellationToken);
        }

        (CreatedAccessKey? created, string? error) = await keys.CreateAsync(
            s_demoUser.OrganizationId, s_demoUser.Id, DemoKeyName, RoleCeilings.For(s_demoUser.Role), expiresAt: null, cancellationToken);
        if (created is null)
            throw new InvalidOperationException($"The demo key could not be created: {error}.");

        LogSeeded(logger, DemoIdentities.Organizations.Count, DemoIdentities.Users.Count, created.Key.Id);
        lifetime.ApplicationStarted.Register(() => Console.WriteLine(Banner(server.Value.McpResource, created.Token)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static string Banner(string mcpUrl, string token) => $"""

        FunctionsMcp is running.
          MCP URL:      {mcpUrl}
          Demo key:     {token}
                        ({s_demoUser.DisplayName}, {s_demoUser.Role} at {DemoIdentities.Organizations[0].Name}; replaced at every start)
          {ConnectionLines.ManusHeader(token)}
          {ConnectionLines.ClaudeCode(mcpUrl, token)}

        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Organizations} demo organizations and {Users} demo users; demo key {KeyId} replaces the previous one.")]
    private static partial void LogSeeded(ILogger logger, int organizations, int users, string keyId);
}
