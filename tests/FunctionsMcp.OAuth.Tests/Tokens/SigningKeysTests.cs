using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Tokens;

/// <summary>The signing keys kept in a real key file: created once, shared by instances, rotated without breaking live tokens.</summary>
public sealed class SigningKeysTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fmcp-keys-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly OAuthOptions _options = new() { AccessTokenLifetime = TimeSpan.FromHours(1) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string KeyFile => Path.Combine(_folder, "keys.json");

    private SigningKeys Instance() => new(new FileSigningKeyStore(KeyFile), Options.Create(_options), _time);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TheFirstUse_CreatesOneKey_InAFileOnlyItsOwnerMayRead_AndAnotherInstanceUsesTheSameKey()
    {
        using SigningKeys first = Instance();
        using SigningKeys second = Instance();

        SigningKey key = await first.CurrentAsync(Cancel);
        SigningKey same = await second.CurrentAsync(Cancel);

        Assert.Equal(key.Id, same.Id);
        Assert.Equal(key.PublicJwk["n"], same.PublicJwk["n"]);
        Assert.Single(await first.AllAsync(Cancel));
        Assert.DoesNotContain("\"d\"", string.Join(",", key.PublicJwk.Keys), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public async Task Rotation_SignsWithTheNewKey_AndKeepsTheOldOneUntilItsLastTokenHasExpired()
    {
        using SigningKeys keys = Instance();
        SigningKey original = await keys.CurrentAsync(Cancel);

        _time.Advance(TimeSpan.FromDays(1));
        SigningKey rotated = await keys.RotateAsync(Cancel);
        IReadOnlyList<string> afterFirst = [.. (await keys.AllAsync(Cancel)).Select(k => k.Id)];
        _time.Advance(TimeSpan.FromHours(2));
        SigningKey again = await keys.RotateAsync(Cancel);
        IReadOnlyList<string> afterSecond = [.. (await keys.AllAsync(Cancel)).Select(k => k.Id)];

        Assert.Equal([rotated.Id, original.Id], afterFirst);
        // The original stopped signing two hours ago, longer than a token lives (1 h + 5 min margin): dropped.
        Assert.Equal([again.Id, rotated.Id], afterSecond);
        Assert.Equal(again.Id, (await keys.CurrentAsync(Cancel)).Id);
    }

    [Fact]
    public async Task AKeyAnotherInstanceRotatedIn_IsFoundByRereadingTheStore()
    {
        using SigningKeys validator = Instance();
        using SigningKeys rotator = Instance();
        await validator.CurrentAsync(Cancel);
        SigningKey added = await rotator.RotateAsync(Cancel);

        SigningKey? tooSoon = await validator.FindAsync(added.Id, Cancel);
        _time.Advance(TimeSpan.FromMinutes(1));
        SigningKey? found = await validator.FindAsync(added.Id, Cancel);

        Assert.Null(tooSoon);
        Assert.Equal(added.Id, found?.Id);
        Assert.Null(await validator.FindAsync("k-unknown", Cancel));
    }
}
