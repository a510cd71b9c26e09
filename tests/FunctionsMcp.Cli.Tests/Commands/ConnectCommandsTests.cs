using System.Diagnostics;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Tomlyn;
using Tomlyn.Model;

namespace FunctionsMcp.Cli.Tests.Commands;

/// <summary>
/// <c>connect</c> for each client, in a temporary project folder: the files parse, keep what was there, hold no key
/// (only the git-ignored key file does), and the key written is one the server accepts.
/// </summary>
public sealed class ConnectCommandsTests : IAsyncLifetime
{
    private const string McpUrl = CliHarness.BaseUrl + "/mcp";
    private const string KeyFile = ".fmcp/functions-mcp.token";

    private readonly CliHarness _cli;
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _project = Directory.CreateTempSubdirectory("fmcp-connect-").FullName;
    private readonly string _codexHome;

    public ConnectCommandsTests(AzuriteFixture azurite)
    {
        _codexHome = Path.Combine(_project, "home", ".codex");
        _cli = new CliHarness(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Server:BaseUrl"] = CliHarness.BaseUrl,
            ["CODEX_HOME"] = _codexHome,
        });
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _cli.SeedOrganizationAsync(new Organization(_org, "Connect Org"));

    public async ValueTask DisposeAsync()
    {
        await _cli.DisposeAsync();
        Directory.Delete(_project, recursive: true);
    }

    private Task<CliResult> ConnectAsync(string client, params string[] extra) =>
        _cli.RunAsync(["connect", client, "--org", _org, "--user", "coordinator", "--dir", _project, .. extra]);

    private string Read(string relative) => File.ReadAllText(Path.Combine(_project, relative));

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_project, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>The key in the key file, checked to be one the server accepts for the coordinator of the organization.</summary>
    private async Task<string> WorkingKeyAsync()
    {
        string token = Read(KeyFile);
        CredentialCheck check = await _cli.Keys.AuthenticateAsync(token, Cancel);
        Assert.True(check.Succeeded, check.Failure);
        Assert.Equal((_org, "coordinator"), (check.Principal!.OrganizationId, check.Principal.UserId));
        return token;
    }

    private async Task<int> KeyCountAsync() => (await _cli.Keys.ListAsync(_org, "coordinator", Cancel)).Count;

    /// <summary>Every file under the project but the key file, and the output, hold no key.</summary>
    private void AssertNoKeyOutsideTheKeyFile(CliResult result)
    {
        Assert.Empty(CliHarness.TokensIn(result.Output));
        foreach (string file in Directory.EnumerateFiles(_project, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".token", StringComparison.Ordinal)))
            Assert.True(CliHarness.TokensIn(File.ReadAllText(file)).Length == 0, $"{file} holds a key.");
    }

    private void AssertIgnoredOnce() =>
        Assert.Single(Read(".gitignore").Split('\n'), l => l.Trim() == ".fmcp/");

    [Fact]
    public async Task ClaudeCode_WritesAnHttpServerWhoseHeadersHelperPrintsTheKeyFromTheIgnoredKeyFile()
    {
        CliResult result = await ConnectAsync("claude-code");

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode server = JsonNode.Parse(Read(".mcp.json"))!["mcpServers"]!["functions-mcp"]!;
        Assert.Equal("http", (string?)server["type"]);
        Assert.Equal(McpUrl, (string?)server["url"]);
        string token = await WorkingKeyAsync();
        JsonNode headers = JsonNode.Parse(await RunShellAsync((string)server["headersHelper"]!))!;
        Assert.Equal("Bearer " + token, (string?)headers["Authorization"]);
        Assert.Equal("Claude Code (fmcp connect)", Assert.Single(await _cli.Keys.ListAsync(_org, "coordinator", Cancel)).Name);
        AssertNoKeyOutsideTheKeyFile(result);
        AssertIgnoredOnce();
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_project, KeyFile)));
        Assert.Contains("Next, in Claude Code:", result.OutputLines);
    }

    [Fact]
    public async Task ClaudeCode_KeepsOtherServersAndSettings_AndRunAgainIgnoresTheKeyFolderOnceAndNamesTheKeyItReplaced()
    {
        Write(".mcp.json", """{ "mcpServers": { "other": { "type": "stdio", "command": "other-server" } }, "extra": 1 }""");
        Write(".gitignore", "bin/");

        CliResult first = await ConnectAsync("claude-code");
        Assert.True(AccessKeyFormat.TryParse(Read(KeyFile), out string firstKeyId, out _));
        CliResult second = await ConnectAsync("claude-code");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        JsonNode root = JsonNode.Parse(Read(".mcp.json"))!;
        Assert.Equal("other-server", (string?)root["mcpServers"]!["other"]!["command"]);
        Assert.Equal(1, (int?)root["extra"]);
        Assert.Equal(["bin/", "# Access keys that fmcp connect wrote for MCP clients: never commit them.", ".fmcp/", ""], Read(".gitignore").Split('\n'));
        AssertIgnoredOnce();
        Assert.Contains(".mcp.json already has server functions-mcp as fmcp writes it.", second.OutputLines);
        Assert.Contains(second.OutputLines, l => l.Contains($"'fmcp keys revoke --org {_org} {firstKeyId}'", StringComparison.Ordinal));
        await WorkingKeyAsync();
        AssertNoKeyOutsideTheKeyFile(second);
    }

    [Fact]
    public async Task ExistingEntryThatDiffers_IsRefusedWithoutForce_LeavingNoKeyAndNoFile_AndReplacedWithForce()
    {
        const string Theirs = """{ "mcpServers": { "functions-mcp": { "type": "http", "url": "https://elsewhere.example/mcp" } } }""";
        Write(".mcp.json", Theirs);

        CliResult refused = await ConnectAsync("claude-code");

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: .mcp.json already has a server named 'functions-mcp'", refused.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(Theirs, Read(".mcp.json"));
        Assert.False(Directory.Exists(Path.Combine(_project, ".fmcp")));
        Assert.Equal(0, await KeyCountAsync());

        CliResult forced = await ConnectAsync("claude-code", "--force");

        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal(McpUrl, (string?)JsonNode.Parse(Read(".mcp.json"))!["mcpServers"]!["functions-mcp"]!["url"]);
        await WorkingKeyAsync();
    }

    [Fact]
    public async Task ConfigWithComments_IsNotRewrittenWithoutForce()
    {
        const string Commented = "{\n  // ours\n  \"servers\": {}\n}\n";
        Write(".vscode/mcp.json", Commented);

        CliResult result = await ConnectAsync("vscode");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has comments or trailing commas, which rewriting it would drop", result.Error, StringComparison.Ordinal);
        Assert.Equal(Commented, Read(".vscode/mcp.json"));
        Assert.Equal(0, await KeyCountAsync());
    }

    [Fact]
    public async Task VsCode_AddsAServerThatAsksForTheKey_BesideTheServersAndInputsThereAlready()
    {
        Write(".vscode/mcp.json", """
            {
              "inputs": [ { "type": "promptString", "id": "functions-mcp-key", "description": "theirs", "password": true } ],
              "servers": { "functions-mcp-local": { "type": "http", "url": "http://localhost:7071/mcp" } }
            }
            """);

        CliResult result = await ConnectAsync("vscode");

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode root = JsonNode.Parse(Read(".vscode/mcp.json"))!;
        Assert.Equal("http://localhost:7071/mcp", (string?)root["servers"]!["functions-mcp-local"]!["url"]);
        JsonNode server = root["servers"]!["functions-mcp"]!;
        Assert.Equal(("http", McpUrl), ((string?)server["type"], (string?)server["url"]));
        Assert.Equal("Bearer ${input:functions-mcp-key}", (string?)server["headers"]!["Authorization"]);
        Assert.Equal("theirs", (string?)Assert.Single(root["inputs"]!.AsArray())!["description"]);
        await WorkingKeyAsync();
        AssertNoKeyOutsideTheKeyFile(result);
        AssertIgnoredOnce();
    }

    [Fact]
    public async Task VsCode_InANewProject_AddsThePasswordInputItsHeaderUses()
    {
        CliResult result = await ConnectAsync("vscode");

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode input = Assert.Single(JsonNode.Parse(Read(".vscode/mcp.json"))!["inputs"]!.AsArray())!;
        Assert.Equal(("promptString", "functions-mcp-key", true), ((string?)input["type"], (string?)input["id"], (bool?)input["password"]));
    }

    [Fact]
    public async Task Cursor_FillsTheHeaderFromAnEnvironmentVariable_AndSaysHowToSetIt()
    {
        CliResult result = await ConnectAsync("cursor");

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode server = JsonNode.Parse(Read(".cursor/mcp.json"))!["mcpServers"]!["functions-mcp"]!;
        Assert.Equal(McpUrl, (string?)server["url"]);
        Assert.Equal("Bearer ${env:FUNCTIONS_MCP_KEY}", (string?)server["headers"]!["Authorization"]);
        Assert.Contains(result.OutputLines, l => l.Contains($"export FUNCTIONS_MCP_KEY=\"$(cat {Path.Combine(_project, KeyFile)})\"", StringComparison.Ordinal));
        await WorkingKeyAsync();
        AssertNoKeyOutsideTheKeyFile(result);
    }

    [Fact]
    public async Task Codex_PrintsTheEntryAndTouchesNothingInItsHome()
    {
        CliResult result = await ConnectAsync("codex");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(Directory.Exists(_codexHome));
        string printed = string.Join('\n', result.OutputLines.SkipWhile(l => !l.StartsWith("[mcp_servers.", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0));
        TomlTable server = Server(TomlSerializer.Deserialize<TomlTable>(printed)!);
        Assert.Equal((McpUrl, "FUNCTIONS_MCP_KEY"), ((string)server["url"], (string)server["bearer_token_env_var"]));
        await WorkingKeyAsync();
        AssertNoKeyOutsideTheKeyFile(result);
    }

    [Fact]
    public async Task Codex_Write_AddsTheServerToConfigToml_KeepingEverythingElse()
    {
        Write("home/.codex/config.toml", "model = \"o3\"\n\n[mcp_servers.other]\ncommand = \"other-server\"\n");

        CliResult result = await ConnectAsync("codex", "--write");

        Assert.True(result.ExitCode == 0, result.Error);
        TomlTable config = TomlSerializer.Deserialize<TomlTable>(Read("home/.codex/config.toml"))!;
        Assert.Equal("o3", (string)config["model"]);
        Assert.Equal("other-server", (string)((TomlTable)((TomlTable)config["mcp_servers"])["other"])["command"]);
        TomlTable server = Server(config);
        Assert.Equal((McpUrl, "FUNCTIONS_MCP_KEY"), ((string)server["url"], (string)server["bearer_token_env_var"]));
        await WorkingKeyAsync();
        AssertNoKeyOutsideTheKeyFile(result);

        Write("home/.codex/config.toml", Read("home/.codex/config.toml").Replace(McpUrl, "https://elsewhere.example/mcp", StringComparison.Ordinal));
        Assert.Equal(1, (await ConnectAsync("codex", "--write")).ExitCode);
        Assert.Equal(0, (await ConnectAsync("codex", "--write", "--force")).ExitCode);
        Assert.Equal(McpUrl, (string)Server(TomlSerializer.Deserialize<TomlTable>(Read("home/.codex/config.toml"))!)["url"]);
        Assert.Equal("o3", (string)TomlSerializer.Deserialize<TomlTable>(Read("home/.codex/config.toml"))!["model"]);
    }

    [Fact]
    public async Task ClaudeDesktop_WithoutAKey_PrintsTheCustomConnectorAndMakesNoKey()
    {
        CliResult result = await _cli.RunAsync("connect", "claude-desktop");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"URL {McpUrl}, client id and secret left empty. Then sign in and allow what Claude may do.", result.OutputLines);
        Assert.Equal(0, await KeyCountAsync());
    }

    [Fact]
    public async Task ClaudeDesktop_WithAKey_PrintsAnMcpRemoteBridgeThatReadsAHeaderFileWithAWorkingKey()
    {
        CliResult result = await _cli.RunAsync("connect", "claude-desktop", "--org", _org, "--user", "coordinator");

        Assert.True(result.ExitCode == 0, result.Error);
        string json = string.Join('\n', result.OutputLines.SkipWhile(l => l != "{").TakeWhile(l => l.Length > 0));
        JsonNode server = JsonNode.Parse(json)!["mcpServers"]!["functions-mcp"]!;
        Assert.Equal("npx", (string?)server["command"]);
        string[] args = server["args"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Equal(["-y", "mcp-remote@0.15.1", McpUrl, "--header-file"], args[..4]);
        Assert.Empty(CliHarness.TokensIn(json));
        string token = Assert.Single(CliHarness.TokensIn(result.Output));
        Assert.Contains(result.OutputLines, l => l.Contains($"'Authorization: Bearer {token}' > \"{args[4]}\"", StringComparison.Ordinal));
        Assert.True((await _cli.Keys.AuthenticateAsync(token, Cancel)).Succeeded);
    }

    [Fact]
    public async Task Manus_PrintsTheUrlAndTheHeaderWithAWorkingKey()
    {
        CliResult result = await _cli.RunAsync("connect", "manus", "--org", _org, "--user", "coordinator");

        Assert.True(result.ExitCode == 0, result.Error);
        string token = Assert.Single(CliHarness.TokensIn(result.Output));
        Assert.Contains($"URL:    {McpUrl}", result.OutputLines);
        Assert.Contains($"Header: Authorization: Bearer {token}", result.OutputLines);
        Assert.True((await _cli.Keys.AuthenticateAsync(token, Cancel)).Succeeded);
    }

    [Fact]
    public async Task ExistingKey_IsWrittenAsGivenWithoutMakingAnother_AndARevokedOneIsRefused()
    {
        (CreatedAccessKey? created, _) = await _cli.Keys.CreateAsync(_org, "coordinator", "mine", [Scopes.ParticipantsRead], null, Cancel);

        CliResult result = await _cli.RunAsync("connect", "cursor", "--key", created!.Token, "--dir", _project);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(created.Token, await WorkingKeyAsync());
        Assert.Equal(1, await KeyCountAsync());

        await _cli.Keys.RevokeAsync(_org, null, created.Key.Id, Cancel);
        File.Delete(Path.Combine(_project, ".cursor", "mcp.json"));
        CliResult refused = await _cli.RunAsync("connect", "cursor", "--key", created.Token, "--dir", _project);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: the key given with --key is refused: The access key has been revoked. Nothing was written.", refused.ErrorLines[0]);
        Assert.False(File.Exists(Path.Combine(_project, ".cursor", "mcp.json")));
    }

    [Fact]
    public async Task Print_WritesNothingAndShowsTheConfigurationAndTheKeyOnce()
    {
        CliResult result = await ConnectAsync("claude-code", "--print");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_project));
        string token = Assert.Single(CliHarness.TokensIn(result.Output));
        Assert.True((await _cli.Keys.AuthenticateAsync(token, Cancel)).Succeeded);
        string json = string.Join('\n', result.OutputLines.SkipWhile(l => l != "{").TakeWhile(l => l.Length > 0));
        Assert.Equal("http", (string?)JsonNode.Parse(json)!["mcpServers"]!["functions-mcp"]!["type"]);
    }

    [Fact]
    public async Task ServerName_NamesTheEntryTheKeyFileAndTheVariable()
    {
        CliResult result = await ConnectAsync("cursor", "--server-name", "care-prod");

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode server = JsonNode.Parse(Read(".cursor/mcp.json"))!["mcpServers"]!["care-prod"]!;
        Assert.Equal("Bearer ${env:CARE_PROD_KEY}", (string?)server["headers"]!["Authorization"]);
        Assert.True((await _cli.Keys.AuthenticateAsync(Read(".fmcp/care-prod.token"), Cancel)).Succeeded);
    }

    private static TomlTable Server(TomlTable config) => (TomlTable)((TomlTable)config["mcp_servers"])["functions-mcp"];

    private async Task<string> RunShellAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(Cancel);
        string error = await process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
