using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Tests.Workspaces;

public sealed class ConfigTests
{
    private const string Valid = "workspace = \"/w\"\nrepository = \"/r/repo.git\"\n";

    [Fact]
    public void Init_WritesEveryDefault_AndTheFileLoadsBack()
    {
        using var ws = new TestWorkspace();
        var text = File.ReadAllText(ws.Config.ConfigFile);

        foreach (var key in new[] { "watch_paths", "exclude_names", "exclude_paths", "max_file_size", "scanner_memory_budget", "credential_cache_patterns", "min_files", "min_fraction" })
        {
            Assert.Contains(key + " = ", text, StringComparison.Ordinal);
        }

        Assert.Contains("\"node_modules\"", text, StringComparison.Ordinal);
        Assert.Equal(PolicyOptions.DefaultMaxFileSize, ws.Config.Policy.MaxFileSize);
        Assert.Equal(256L << 20, ws.Config.Policy.ScannerMemoryBudget);
        Assert.Equal([""], ws.Config.Policy.WatchPaths);
    }

    [Theory]
    [InlineData("watch_path = [\"x\"]", "watch_path", "did you mean 'watch_paths'")]
    [InlineData("max_file_size = \"ten\"", "max_file_size", "size such as")]
    [InlineData("watch_paths = [\"../outside\"]", "watch_paths[0]", "'..'")]
    [InlineData("watch_paths = [\"/etc\"]", "watch_paths[0]", "absolute")]
    [InlineData("watch_paths = \"memory\"", "watch_paths", "list of strings")]
    [InlineData("watch_paths = []", "watch_paths", "nothing would be backed up")]
    [InlineData("exclude_names = [\"a/b\"]", "exclude_names", "plain folder name")]
    [InlineData("preset = \"nope\"", "preset", "evonexus")]
    [InlineData("[mass_delete]\nmin_fraction = 2.0", "mass_delete.min_fraction", "between 0 and 1")]
    [InlineData("[mass_delete]\nmin_file = 3", "mass_delete.min_file", "did you mean 'mass_delete.min_files'")]
    [InlineData("scanner_memory_budget = \"8MiB\"", "scanner_memory_budget", "raise it to \"42MiB\" or more")]
    [InlineData("max_file_size = \"100MiB\"\nscanner_memory_budget = \"256MiB\"", "scanner_memory_budget", "raise it to \"400MiB\" or more")]
    [InlineData("scanner_memory_budget = \"lots\"", "scanner_memory_budget", "size such as")]
    public void Load_BrokenConfig_NamesTheFileTheKeyAndTheFix(string extra, string key, string fix)
    {
        var ex = Assert.Throws<ConfigException>(() => WorkspaceConfigLoader.Parse(Valid + extra + "\n", "/etc/brainrepo.toml"));

        Assert.Equal(key, ex.Key);
        Assert.Contains("/etc/brainrepo.toml", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidToml_IsAConfigErrorWithPosition()
    {
        var ex = Assert.Throws<ConfigException>(() => WorkspaceConfigLoader.Parse("workspace = = 1\n", "/x/brainrepo.toml"));
        Assert.Contains("/x/brainrepo.toml, line 1, column ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tomlyn", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RepositoryInsideWorkspace_IsRefused()
    {
        var ex = Assert.Throws<ConfigException>(() => WorkspaceConfigLoader.Parse("workspace = \"/w\"\nrepository = \"/w/backup.git\"\n", "/c.toml"));
        Assert.Equal("repository", ex.Key);
    }

    [Fact]
    public void Load_NormalisesWatchPaths()
    {
        var config = WorkspaceConfigLoader.Parse(Valid + "watch_paths = [\"./memory/\", \"memory\", \"a//b\"]\nmax_file_size = \"2MiB\"\n", "/c.toml");
        Assert.Equal(["memory", "a/b"], config.Policy.WatchPaths);
        Assert.Equal(2L * 1024 * 1024, config.Policy.MaxFileSize);
    }

    [Fact]
    public void Load_ScannerMemoryBudget_DefaultsTo256MiBOrWhatMaxFileSizeNeeds()
    {
        Assert.Equal(256L << 20, WorkspaceConfigLoader.Parse(Valid, "/c.toml").Policy.ScannerMemoryBudget);
        Assert.Equal(64L << 20, WorkspaceConfigLoader.Parse(Valid + "scanner_memory_budget = \"64MiB\"\n", "/c.toml").Policy.ScannerMemoryBudget);

        // A larger max_file_size without a budget raises the default to what such a file needs.
        var large = WorkspaceConfigLoader.Parse(Valid + "max_file_size = \"100MiB\"\n", "/c.toml").Policy;
        Assert.Equal(400L << 20, large.ScannerMemoryBudget);
    }
}
