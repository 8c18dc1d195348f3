using BrainRepo.Core.Model;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Tests.Workspaces;

public sealed class SealConfigTests
{
    private const string Valid = "workspace = \"/w\"\nrepository = \"/r/repo.git\"\n";

    [Fact]
    public void Load_SealWithoutAKeyFile_UsesSealKeyNextToTheConfig()
    {
        var config = WorkspaceConfigLoader.Parse(Valid + "secrets = \"seal\"\n", "/data/ws-1/brainrepo.toml");

        Assert.Equal(SecretDisposition.Seal, config.Policy.Secrets);
        Assert.Null(config.SealKeyFileSetting);
        Assert.Equal("/data/ws-1/seal.key", config.SealKeyFile);
    }

    [Fact]
    public void Render_ThenLoad_RoundTripsSealAndTheKeyFile()
    {
        var policy = new PolicyOptions { Secrets = SecretDisposition.Seal };

        var withFile = WorkspaceConfigLoader.Parse(WorkspaceConfigWriter.Render("/w", "/r/repo.git", Presets.None, policy, "/keys/brain.key"), "/data/c.toml");
        var withDefault = WorkspaceConfigLoader.Parse(WorkspaceConfigWriter.Render("/w", "/r/repo.git", Presets.None, policy), "/data/c.toml");
        var redact = WorkspaceConfigLoader.Parse(WorkspaceConfigWriter.Render("/w", "/r/repo.git", Presets.None, new PolicyOptions { Secrets = SecretDisposition.Redact }), "/data/c.toml");

        Assert.Equal((SecretDisposition.Seal, "/keys/brain.key"), (withFile.Policy.Secrets, withFile.SealKeyFile));
        Assert.Equal((SecretDisposition.Seal, "/data/seal.key"), (withDefault.Policy.Secrets, withDefault.SealKeyFile));
        Assert.Equal(SecretDisposition.Redact, redact.Policy.Secrets);
    }

    [Theory]
    [InlineData("secrets = \"encrypt\"", "secrets", "\"seal\" (store encrypted")]
    [InlineData("seal_key_file = \"keys/seal.key\"", "seal_key_file", "absolute path")]
    [InlineData("seal_key_file = \"/w/secrets/seal.key\"", "seal_key_file", "outside both")]
    [InlineData("seal_key_file = \"/r/repo.git/seal.key\"", "seal_key_file", "outside both")]
    [InlineData("seal_key = \"/k\"", "seal_key", "did you mean 'seal_key_file'")]
    public void Load_BadSealSettings_NameTheKeyAndTheFix(string extra, string key, string fix)
    {
        var ex = Assert.Throws<ConfigException>(() => WorkspaceConfigLoader.Parse(Valid + extra + "\n", "/etc/brainrepo.toml"));

        Assert.Equal(key, ex.Key);
        Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
    }
}
