using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// The local run's demo: in Development with <c>LocalRun:SeedDemoData</c> on, loads the demo organizations, users and
/// participants unless <see cref="DemoDataMarker"/> says this storage already has them, replaces the previous demo key
/// with a fresh one, and prints it once with the lines to paste into Manus and Claude Code. The key goes to the console
/// only, never to the logs.
/// </summary>
internal sealed partial class DemoDataService(
    IOptions<LocalRunOptions> localRun,
    IOptions<ServerOptions> server,
    IHostEnvironment environment,
    IIdentityStore identities,
    IParticipantStore participants,
    AccessKeyService keys,
    DemoDataMarker marker,
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

        if (await marker.IsLoadedAsync(cancellationToken))
            LogAlreadyLoaded(logger, DemoDataMarker.Version);
        else
            await LoadAsync(cancellationToken);

        foreach (AccessKey old in await keys.ListAsync(s_demoUser.OrganizationId, s_demoUser.Id, cancellationToken))
        {
            if (old.Name == DemoKeyName && old.RevokedAt is null)
                await keys.RevokeAsync(old.OrganizationId, ownerId: null, old.Id, cancellationToken);
        }

        (CreatedAccessKey? created, string? error) = await keys.CreateAsync(
            s_demoUser.OrganizationId, s_demoUser.Id, DemoKeyName, RoleCeilings.For(s_demoUser.Role), expiresAt: null, cancellationToken);
        if (created is null)
            throw new InvalidOperationException($"The demo key could not be created: {error}.");

        LogKeyReplaced(logger, created.Key.Id);
        lifetime.ApplicationStarted.Register(() => Console.WriteLine(Banner(server.Value, created.Token)));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
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

        LogSeeded(logger, DemoIdentities.Organizations.Count, DemoIdentities.Users.Count, added);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Organizations} demo organizations and {Users} demo users; {Participants} demo participants were new.")]
    private static partial void LogSeeded(ILogger logger, int organizations, int users, int participants);

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo data (version {Version}) is already in storage; not loaded again. Delete the Azurite data folder to start afresh.")]
    private static partial void LogAlreadyLoaded(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo key {KeyId} replaces the previous one.")]
    private static partial void LogKeyReplaced(ILogger logger, string keyId);
}
