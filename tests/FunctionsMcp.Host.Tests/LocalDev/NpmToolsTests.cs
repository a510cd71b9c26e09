using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.LocalDev;

/// <summary>When the repository's Node tools need installing again: a pull that changes package-lock.json must not leave an old node_modules in use.</summary>
public sealed class NpmToolsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fmcp-npm-" + Guid.NewGuid().ToString("N"));

    public NpmToolsTests() => Directory.CreateDirectory(Path.Combine(_root, "node_modules"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, DateTime modified)
    {
        string path = Path.Combine(_root, relative);
        File.WriteAllText(path, "{}");
        File.SetLastWriteTimeUtc(path, modified);
    }

    [Fact]
    public void AnInstallNewerThanTheLockFile_IsCurrent_AndAnOlderOrMissingOneIsNot()
    {
        var then = new DateTime(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc);
        Write("package-lock.json", then);
        bool missing = NpmTools.IsCurrent(_root);
        Write(Path.Combine("node_modules", ".package-lock.json"), then.AddMinutes(1));
        bool installedAfter = NpmTools.IsCurrent(_root);
        Write("package-lock.json", then.AddHours(1));
        bool lockChangedSince = NpmTools.IsCurrent(_root);

        Assert.Equal((false, true, false), (missing, installedAfter, lockChangedSince));
    }
}
