using Azure;
using Azure.Security.KeyVault.Secrets;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;
using Moq;

namespace FunctionsMcp.OAuth.Tests.Tokens;

/// <summary>The Key Vault key store, against a mocked SecretClient (Key Vault cannot run here): the seam only, the key logic is tested on real files.</summary>
public sealed class KeyVaultSigningKeyStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithNoSecretYet_TheFirstUseCreatesTheKeySetAsAJsonSecret_AndLaterReadsItBack()
    {
        string? stored = null;
        var secrets = new Mock<SecretClient>();
        secrets.Setup(s => s.GetSecretAsync("oauth-signing-keys", null, It.IsAny<CancellationToken>()))
            .Returns(() => stored is null
                ? throw new RequestFailedException(404, "SecretNotFound")
                : Task.FromResult(Response.FromValue(new KeyVaultSecret("oauth-signing-keys", stored), Mock.Of<Response>())));
        secrets.Setup(s => s.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()))
            .Returns((KeyVaultSecret secret, CancellationToken _) =>
            {
                stored = secret.Value;
                return Task.FromResult(Response.FromValue(secret, Mock.Of<Response>()));
            });
        var store = new KeyVaultSigningKeyStore(secrets.Object, "oauth-signing-keys");
        using var first = new SigningKeys(store, Options.Create(new OAuthOptions()), new ManualTimeProvider());
        using var second = new SigningKeys(store, Options.Create(new OAuthOptions()), new ManualTimeProvider());

        SigningKey created = await first.CurrentAsync(Cancel);
        SigningKey read = await second.CurrentAsync(Cancel);

        Assert.Equal(created.Id, read.Id);
        secrets.Verify(s => s.SetSecretAsync(It.Is<KeyVaultSecret>(k => k.Name == "oauth-signing-keys" && k.Properties.ContentType == "application/json"), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains("\"pkcs8\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVaultThatRefusesTheApp_IsAnErrorNotAnEmptyKeySet()
    {
        var secrets = new Mock<SecretClient>();
        secrets.Setup(s => s.GetSecretAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(403, "Forbidden"));
        using var keys = new SigningKeys(new KeyVaultSigningKeyStore(secrets.Object, "oauth-signing-keys"), Options.Create(new OAuthOptions()), new ManualTimeProvider());

        await Assert.ThrowsAsync<RequestFailedException>(() => keys.CurrentAsync(Cancel));
        secrets.Verify(s => s.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
