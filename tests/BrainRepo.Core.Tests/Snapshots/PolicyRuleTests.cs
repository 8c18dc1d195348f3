using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class PolicyRuleTests
{
    [Fact]
    public void Sync_NestedGitignore_IsStoredAndHidesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write(".gitignore", "*\n");
        ws.Write("notes/.gitignore", "*.md\n!keep.md\n");
        ws.Write("notes/a.md", "a");
        ws.Write("notes/secret-looking.log", "log");

        ws.Sync();

        var files = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Contains(".gitignore", files);
        Assert.Contains("notes/.gitignore", files);
        Assert.Contains("notes/a.md", files);
        Assert.Contains("notes/secret-looking.log", files);
    }

    [Fact]
    public void Sync_LeftoverRestoreStaging_IsReportedAsExcludedByItsRule_AndLookAlikesAreStored()
    {
        using var ws = new TestWorkspace();
        ws.Write(".brainrepo-restore-1a2b-3.dir/notes/a.md", "a copy from a crashed restore");
        ws.Write("notes/.brainrepo-restore-1a2b-4.tmp", "half a staging file");
        ws.Write("notes/brainrepo-restore-plan.md", "a note about restores");
        ws.Write("notes/.brainrepo-restore-notes.md", "not a staging name");

        var result = ws.Sync();

        var files = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Contains("notes/brainrepo-restore-plan.md", files);
        Assert.Contains("notes/.brainrepo-restore-notes.md", files);
        Assert.DoesNotContain(files, f => f.Contains(".brainrepo-restore-1a2b", StringComparison.Ordinal));
        var entries = ws.Report().Entries;
        Assert.Contains(entries, e => e.Path == ".brainrepo-restore-1a2b-3.dir" && e.IsDirectory && e.Disposition == Disposition.Excluded && e.Rule == "reserved:.brainrepo-restore-*.dir");
        Assert.Contains(entries, e => e.Path == "notes/.brainrepo-restore-1a2b-4.tmp" && e.Disposition == Disposition.Excluded && e.Rule == "reserved:.brainrepo-restore-*.tmp");
    }

    [Fact]
    public void Sync_IgnoresInfoExcludeOfTheBackupRepository()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Sync();
        Directory.CreateDirectory(Path.Combine(ws.Config.RepositoryPath, "info"));
        File.WriteAllText(Path.Combine(ws.Config.RepositoryPath, "info", "exclude"), "*\n");
        ws.Write("b.md", "b");

        ws.Sync();

        Assert.Contains("b.md", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public void Sync_ExcludedFolderNames_AreSkippedAtAnyDepthAndReported()
    {
        using var ws = new TestWorkspace();
        ws.Write("app/node_modules/lib/index.js", "x");
        ws.Write("app/src/main.py", "print(1)");
        ws.Write("deep/er/__pycache__/m.pyc", "x");

        var result = ws.Sync();

        Assert.Equal(["app/src/main.py"], ws.SnapshotFiles().Keys.ToArray());
        Assert.Contains(result.Report.Entries, e => e.Path == "app/node_modules" && e.IsDirectory && e.Rule == "exclude_names:node_modules");
        Assert.Contains(result.Report.Entries, e => e.Path == "deep/er/__pycache__" && e.Rule == "exclude_names:__pycache__");
    }

    [Fact]
    public void Sync_FileNamedLikeExcludedFolder_IsStillStored()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/build", "a file called build, not a build folder");

        ws.Sync();

        Assert.Contains("notes/build", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public void Sync_Brainignore_ExcludesWithNamedRuleAndNegationReincludes()
    {
        using var ws = new TestWorkspace();
        ws.Write(".brainignore", "# comment\n*.tmp\n!important.tmp\n");
        ws.Write("notes/.brainignore", "drafts/\n");
        ws.Write("a.tmp", "x");
        ws.Write("important.tmp", "keep");
        ws.Write("notes/drafts/d.md", "draft");
        ws.Write("notes/final.md", "final");
        ws.Write("drafts/top.md", "a drafts folder outside notes/ is not matched");

        var result = ws.Sync();

        var files = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.DoesNotContain("a.tmp", files);
        Assert.Contains("important.tmp", files);
        Assert.DoesNotContain("notes/drafts/d.md", files);
        Assert.Contains("notes/final.md", files);
        Assert.Contains("drafts/top.md", files);
        Assert.Contains(".brainignore", files);
        Assert.Contains(result.Report.Entries, e => e.Path == "a.tmp" && e.Rule == "brainignore:.brainignore:2:*.tmp");
        Assert.Contains(result.Report.Entries, e => e.Path == "notes/drafts" && e.IsDirectory && e.Rule.StartsWith("brainignore:notes/.brainignore:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_CredentialCaches_AreNeverStoredButLookalikesAre()
    {
        using var ws = new TestWorkspace();
        ws.Write(".token_cache.json", "{\"t\":1}");
        ws.Write("auth/.gsc-token", "x");
        ws.Write("auth/.credentials.json", "x");
        ws.Write("auth/tokens.json", "{\"model\":\"counts of tokens\"}");

        var result = ws.Sync();

        Assert.Equal(["auth/tokens.json"], ws.SnapshotFiles().Keys.ToArray());
        Assert.Equal(3, result.Report.Entries.Count(e => e.Disposition == Disposition.CredentialCache));
        Assert.Equal(SnapshotStatus.Complete, result.Status);
    }

    [Fact]
    public void Sync_CredentialCachePatterns_WithWildcardsAnywhere_MatchWholeNamesOnly()
    {
        using var ws = new TestWorkspace(configOverride: "credential_cache_patterns = [\"*.sessioncache\", \"auth-?.json\", \"exact-name\"]");
        ws.Write("a/x.sessioncache", "s");
        ws.Write("a/auth-1.json", "s");
        ws.Write("a/exact-name", "s");
        ws.Write("a/sessioncache", "kept: no dot before it");
        ws.Write("a/auth-12.json", "kept: ? is one character");
        ws.Write("a/exact-name.md", "kept: the pattern has no wildcard");
        ws.Write("a/my-auth-1.json", "kept: the pattern starts at the name's start");

        var result = ws.Sync();

        Assert.Equal(["a/auth-12.json", "a/exact-name.md", "a/my-auth-1.json", "a/sessioncache"], ws.SnapshotFiles().Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(
            ["a/auth-1.json credential_cache_patterns:auth-?.json", "a/exact-name credential_cache_patterns:exact-name", "a/x.sessioncache credential_cache_patterns:*.sessioncache"],
            result.Report.Entries.Where(e => e.Disposition == Disposition.CredentialCache).Select(e => $"{e.Path} {e.Rule}").Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Sync_CredentialCacheStoredEarlier_IsPurgedFromTheNextSnapshot()
    {
        using var ws = new TestWorkspace(configOverride: "credential_cache_patterns = []");
        ws.Write(".credentials.json", "old");
        ws.Write("a.md", "a");
        ws.Sync();
        Assert.Contains(".credentials.json", ws.SnapshotFiles().Keys);
        ws.RewriteConfig("credential_cache_patterns = [\".credentials*\"]");

        var result = ws.Sync();

        Assert.DoesNotContain(".credentials.json", ws.SnapshotFiles().Keys);
        Assert.Contains(result.Report.Entries, e => e.Path == ".credentials.json" && e.Disposition == Disposition.CredentialCache && e.Detail!.Contains("removed", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_WorkspaceFolderNamedLikeTheReportFolder_IsReportedNotSilentlyDropped()
    {
        using var ws = new TestWorkspace();
        ws.Write(".brainrepo/mine.txt", "x");

        var result = ws.Sync();

        Assert.Contains(result.Report.Entries, e => e.Path == ".brainrepo" && e.Rule == "reserved:.brainrepo");
    }
}
