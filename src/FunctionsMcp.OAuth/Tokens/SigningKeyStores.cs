using Azure;
using Azure.Security.KeyVault.Secrets;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>Where the signing key set (a JSON document with private keys) is kept: a local file, or a Key Vault secret.</summary>
public interface ISigningKeyStore
{
    /// <summary>The stored key set, or null when none has been created yet.</summary>
    Task<string?> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(string keySet, CancellationToken cancellationToken);
}

/// <summary>The development key store: a file only the current user may read, created on first use.</summary>
internal sealed class FileSigningKeyStore(string path) : ISigningKeyStore
{
    public async Task<string?> ReadAsync(CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;

    public async Task WriteAsync(string keySet, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
            await writer.WriteAsync(keySet.AsMemory(), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The Azure key store: one Key Vault secret, read and written with the app's managed identity.</summary>
internal sealed class KeyVaultSigningKeyStore(SecretClient secrets, string secretName) : ISigningKeyStore
{
    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await secrets.GetSecretAsync(secretName, null, cancellationToken)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(string keySet, CancellationToken cancellationToken) =>
        await secrets.SetSecretAsync(new KeyVaultSecret(secretName, keySet) { Properties = { ContentType = "application/json" } }, cancellationToken);
}
