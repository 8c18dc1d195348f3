using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Workspaces;

/// <summary>The registry seen from one workspace: where its repository goes, and which registrations it overlaps.</summary>
public sealed partial class WorkspaceRegistry
{
    /// <summary>The workspace's data folder: <c>&lt;data&gt;/workspaces/&lt;id&gt;</c>.</summary>
    public string FolderFor(string workspaceRoot) => Path.Combine(WorkspacesDirectory, IdFor(workspaceRoot));

    /// <summary>Where the backup repository of <paramref name="workspaceRoot"/> goes: <paramref name="repositoryPath"/>, or its data folder's <c>repo.git</c>.</summary>
    public string RepositoryPathFor(string workspaceRoot, string? repositoryPath) =>
        repositoryPath is null
            ? Path.Combine(FolderFor(workspaceRoot), "repo.git")
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));

    /// <summary>The configuration of the workspace registered exactly at <paramref name="workspaceRoot"/>, or null.</summary>
    public WorkspaceConfig? FindExact(string workspaceRoot)
    {
        var file = Path.Combine(FolderFor(workspaceRoot), WorkspaceConfigLoader.FileName);
        return File.Exists(file) ? WorkspaceConfigLoader.Load(file) : null;
    }

    /// <summary>
    /// The other registered workspaces, loaded; one whose configuration cannot be read is left out (listing it
    /// is <c>brainrepo workspaces</c>' job, which shows the error).
    /// </summary>
    public IEnumerable<WorkspaceConfig> Others(string workspaceRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        foreach (var file in ConfigFiles())
        {
            WorkspaceConfig config;
            try
            {
                config = WorkspaceConfigLoader.Load(file);
            }
            catch (BrainRepoException)
            {
                continue;
            }

            if (!string.Equals(config.WorkspaceRoot, root, StringComparison.Ordinal))
            {
                yield return config;
            }
        }
    }
}
