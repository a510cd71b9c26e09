using FunctionsMcp.Ndis.Participants;
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
    IParticipantStore participants,
    AccessKeyService keys,
    IHostApplicationLifetime lifetime,
    ILogger<DemoDataService> logger) : IHostedService
{
    public const string DemoKeyName = "Local demo key";
    public const int DemoParticipantsPerOrganization = 30;
    private static readonly User s_demoUser = DemoIdentities.Users.Single(u => u.Id == "sunrise-coordinator");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!localRun.Value.SeedDemoData || !environment.IsDevelopment())
            return;

        await DemoIdentities.SeedAsync(identities, cancellationToken);
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        int added = 0;
        foreach (Organization organization in DemoIdentities.Organizations)
        {
            foreach (Participant participant in DemoParticipants.For(organization.Id, DemoParticipantsPerOrganization, today))
            {
                // Fixed ids and NDIS numbers: a second load finds them taken and changes nothing.
                if ((await participants.AddAsync(organization.Id, participant, cancellationToken)).Succeeded)
                    added++;
            }
        }
        foreach (AccessKey old in await keys.ListAsync(s_demoUser.OrganizationId, s_demoUser.Id, cancellationToken))
        {
            if (old.Name == DemoKeyName && old.RevokedAt is null)
                await keys.RevokeAsync(old.OrganizationId, ownerId: null, old.Id, cancellationToken);
        }

        (CreatedAccessKey? created, string? error) = await keys.CreateAsync(
            s_demoUser.OrganizationId, s_demoUser.Id, DemoKeyName, RoleCeilings.For(s_demoUser.Role), expiresAt: null, cancellationToken);
        if (created is null)
            throw new InvalidOperationException($"The demo key could not be created: {error}.");

        LogSeeded(logger, DemoIdentities.Organizations.Count, DemoIdentities.Users.Count, added, created.Key.Id);
        lifetime.ApplicationStarted.Register(() => Console.WriteLine(Banner(server.Value, created.Token)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static string Banner(ServerOptions server, string token) => $"""

        FunctionsMcp is running.
          MCP URL:      {server.McpResource}
          Settings:     {server.Issuer}/settings (sign in as a demo user: keys, connected apps, their activity)
          Demo key:     {token}
                        ({s_demoUser.DisplayName}, {s_demoUser.Role} at {DemoIdentities.Organizations[0].Name}; replaced at every start)
          {ConnectionLines.ManusHeader(token)}
          {ConnectionLines.ClaudeCode(server.McpResource, token)}

        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Organizations} demo organizations and {Users} demo users; {Participants} demo participants were new; demo key {KeyId} replaces the previous one.")]
    private static partial void LogSeeded(ILogger logger, int organizations, int users, int participants, string keyId);
}
