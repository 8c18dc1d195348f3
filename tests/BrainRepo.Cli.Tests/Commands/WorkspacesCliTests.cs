using System.Text.Json;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// <c>init</c> refuses a nested workspace and a repository with someone else's history unless asked; <c>workspaces</c>
/// lists the registrations and <c>workspaces remove</c> unregisters one, keeping its backup repository.
/// </summary>
public sealed class WorkspacesCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();

    public WorkspacesCliTests() => ws.Write("notes/a.md", "alpha");

    public void Dispose() => ws.Dispose();

    private string NewFolder(string name)
    {
        var path = Path.Combine(ws.Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private async Task<List<string>> RegisteredAsync()
    {
        var list = await ws.CliAsync("workspaces", "--json");
        Assert.Equal(0, list.Exit);
        using var doc = JsonDocument.Parse(list.Out);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("workspace").GetString()!).ToList();
    }

    [Fact]
    public async Task Init_RepoThatHoldsAnotherHistory_IsRefused_UntilExistingRepo_ThenContinuesIt()
    {
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var copy = Path.Combine(ws.Root, "copy.git");
        TestGit.Run(null, "clone", "--quiet", "--bare", ws.Config.RepositoryPath, copy);
        var empty = NewFolder("empty");

        var refused = await ws.CliAsync("init", empty, "--repo", copy);

        Assert.Equal(2, refused.Exit);
        Assert.Contains($"error {ErrorCodes.Config}:", refused.Err, StringComparison.Ordinal);
        Assert.Contains("already holds snapshots", refused.Err, StringComparison.Ordinal);
        Assert.Contains("--existing-repo", refused.Err, StringComparison.Ordinal);
        Assert.Equal([ws.Workspace], await RegisteredAsync());

        // The same workspace restored on a new machine: it continues the history, and its first sync changes nothing.
        var restored = Path.Combine(ws.Root, "restored");
        Assert.Equal(0, (await ws.CliAsync("restore", "HEAD", "--from", copy, "--to", restored)).Exit);
        var accepted = await ws.CliAsync("init", restored, "--repo", copy, "--existing-repo");
        Assert.Equal(0, accepted.Exit);
        Assert.Contains("continues", accepted.Out, StringComparison.Ordinal);
        var sync = await ws.CliAsync("sync", "-w", restored, "--json");
        Assert.Equal(0, sync.Exit);
        using var doc = JsonDocument.Parse(sync.Out);
        Assert.True(doc.RootElement.GetProperty("unchanged").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("deleted").GetInt32());
    }

    [Fact]
    public async Task Init_RepoOfAnotherRegisteredWorkspace_IsRefusedEvenWithExistingRepo()
    {
        var other = NewFolder("other");

        var refused = await ws.CliAsync("init", other, "--repo", ws.Config.RepositoryPath, "--existing-repo");

        Assert.Equal(2, refused.Exit);
        Assert.Contains("cannot share one", refused.Err, StringComparison.Ordinal);
        Assert.Equal([ws.Workspace], await RegisteredAsync());
    }

    [Fact]
    public async Task Init_NestedWorkspace_IsRefused_InsideOrAround_UntilNested()
    {
        var inner = NewFolder(Path.Combine("ws", "notes"));

        var inside = await ws.CliAsync("init", inner);
        var around = await ws.CliAsync("init", ws.Root);

        Assert.Equal(2, inside.Exit);
        Assert.Contains("inside the registered workspace", inside.Err, StringComparison.Ordinal);
        Assert.Contains("--nested", inside.Err, StringComparison.Ordinal);
        Assert.Equal(2, around.Exit);
        Assert.Contains("contains the registered workspace", around.Err, StringComparison.Ordinal);
        Assert.Equal([ws.Workspace], await RegisteredAsync());

        Assert.Equal(0, (await ws.CliAsync("init", inner, "--nested")).Exit);
        Assert.Equal([ws.Workspace, inner], await RegisteredAsync());
    }

    [Fact]
    public async Task Workspaces_ListsEachRegistration_WithItsRepositoryAndNewestSnapshot()
    {
        await ws.CliAsync("sync");
        var other = NewFolder("other");
        await ws.CliAsync("init", other);

        var json = await ws.CliAsync("workspaces", "--json");
        var text = await ws.CliAsync("workspaces");

        using var doc = JsonDocument.Parse(json.Out);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("workspace").GetString()!);
        Assert.Equal(ws.Head(), rows[ws.Workspace].GetProperty("snapshot").GetString());
        Assert.Equal(ws.Config.RepositoryPath, rows[ws.Workspace].GetProperty("repository").GetString());
        Assert.Equal(JsonValueKind.Null, rows[other].GetProperty("snapshot").ValueKind);
        Assert.Contains(ws.Workspace, text.Out, StringComparison.Ordinal);
        Assert.Contains("none yet", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspacesRemove_Unregisters_KeepsRepositoryAndFiles_AndAReinitContinuesTheHistory()
    {
        await ws.CliAsync("sync");
        var head = ws.Head();

        var remove = await ws.CliAsync("workspaces", "remove", ws.Workspace);

        Assert.Equal(0, remove.Exit);
        Assert.Contains("kept", remove.Out, StringComparison.Ordinal);
        Assert.Empty(await RegisteredAsync());
        var status = await ws.CliAsync("status");
        Assert.Equal(2, status.Exit);
        Assert.Contains(ErrorCodes.WorkspaceNotRegistered, status.Err, StringComparison.Ordinal);
        Assert.Equal("alpha", File.ReadAllText(ws.PathOf("notes/a.md")));
        Assert.Equal(head, TestGit.RevParse(ws.Config.RepositoryPath, "refs/heads/main"));
        Assert.False(File.Exists(ws.Config.StateDatabase));

        var again = await ws.CliAsync("init", ws.Workspace);
        Assert.Equal(0, again.Exit);
        Assert.Contains("continues", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        Assert.Equal(head, ws.Head());
    }

    [Fact]
    public async Task WorkspacesRemove_DeleteRepository_DeletesIt_AndAnUnknownFolderIsAUsageError()
    {
        await ws.CliAsync("sync");

        var unknown = await ws.CliAsync("workspaces", "remove", NewFolder("never-registered"));
        var remove = await ws.CliAsync("workspaces", "remove", ws.Workspace, "--delete-repository", "--json");

        Assert.Equal(2, unknown.Exit);
        Assert.Contains(ErrorCodes.WorkspaceNotRegistered, unknown.Err, StringComparison.Ordinal);
        Assert.Equal(0, remove.Exit);
        using var doc = JsonDocument.Parse(remove.Out);
        Assert.True(doc.RootElement.GetProperty("repository_deleted").GetBoolean());
        Assert.False(Directory.Exists(ws.Config.RepositoryPath));
        Assert.True(File.Exists(ws.PathOf("notes/a.md")));
    }
}
