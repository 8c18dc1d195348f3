using BrainRepo.Core.Errors;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// Registering and listing workspaces. A registration refuses what would quietly go wrong later: a workspace inside
/// (or around) another registered one, where <c>sync</c> run in the inner folder switches to the inner workspace; and a
/// backup repository that already holds another workspace's history, on top of which the first sync would record
/// every file that is not in this folder as deleted. Each is accepted only when asked for by name.
/// </summary>
public sealed class WorkspaceCatalog(IWorkspaceStorage storage, string dataDirectory)
{
    private readonly WorkspaceRegistry registry = new(dataDirectory);

    /// <summary>Registers a workspace, writes its configuration and creates its backup repository.</summary>
    /// <exception cref="ConfigException">A nested workspace, or a repository in use, without the flag that accepts it; nothing was changed.</exception>
    public RegisteredWorkspace Register(InitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.Directory));
        var others = registry.Others(root).ToList();
        if (!request.Nested)
        {
            RefuseNesting(root, others);
        }

        var repository = registry.RepositoryPathFor(root, request.Repository);
        var sharing = others.FirstOrDefault(o => string.Equals(Path.TrimEndingDirectorySeparator(o.RepositoryPath), repository, StringComparison.Ordinal));
        if (sharing is not null)
        {
            throw new ConfigException(
                $"'{repository}' is the backup repository of the registered workspace '{sharing.WorkspaceRoot}'; two workspaces cannot share one. " +
                $"Nothing was changed. Fix: choose another --repo, or unregister that workspace first (brainrepo workspaces remove {sharing.WorkspaceRoot}).");
        }

        var continues = ExistingHistory(root, repository, request);
        var config = registry.Register(root, request.Repository, request.Preset, request.Force);
        storage.CreateRepository(config, cancellationToken).Dispose();
        return new RegisteredWorkspace(config, continues);
    }

    /// <summary>Every registered workspace, with its newest snapshot and what is wrong with it, sorted by folder.</summary>
    public IReadOnlyList<WorkspaceListing> List()
    {
        var listings = new List<WorkspaceListing>();
        foreach (var file in registry.ConfigFiles())
        {
            var id = Path.GetFileName(Path.GetDirectoryName(file)!);
            WorkspaceConfig config;
            try
            {
                config = WorkspaceConfigLoader.Load(file);
            }
            catch (BrainRepoException ex)
            {
                listings.Add(new WorkspaceListing(id, file, null, null, null, "configuration unreadable: " + ex.Message));
                continue;
            }

            Model.SnapshotInfo? newest = null;
            string? problem = null;
            if (!Directory.Exists(config.WorkspaceRoot))
            {
                problem = "the workspace folder is missing";
            }

            try
            {
                newest = storage.NewestSnapshotIn(config.RepositoryPath);
                if (newest is null && !Directory.Exists(config.RepositoryPath))
                {
                    problem ??= "the backup repository is missing";
                }
            }
            catch (BrainRepoException ex)
            {
                problem ??= ex.Message;
            }

            listings.Add(new WorkspaceListing(id, file, config.WorkspaceRoot, config.RepositoryPath, newest, problem));
        }

        return listings.OrderBy(l => l.WorkspaceRoot ?? l.ConfigFile, StringComparer.Ordinal).ToList();
    }

    private static void RefuseNesting(string root, List<WorkspaceConfig> others)
    {
        var outer = others.Where(o => RelativePath.IsUnder(root, o.WorkspaceRoot)).OrderByDescending(o => o.WorkspaceRoot.Length).FirstOrDefault();
        if (outer is not null)
        {
            throw new ConfigException(
                $"'{root}' is inside the registered workspace '{outer.WorkspaceRoot}', which already backs it up; once registered, " +
                $"'brainrepo sync' run in there would switch to the inner workspace. Nothing was changed. Fix: use '{outer.WorkspaceRoot}' as it is, " +
                "or pass --nested to register both.");
        }

        var inner = others.Where(o => RelativePath.IsUnder(o.WorkspaceRoot, root)).OrderBy(o => o.WorkspaceRoot, StringComparer.Ordinal).ToList();
        if (inner.Count > 0)
        {
            throw new ConfigException(
                $"'{root}' contains the registered workspace(s) {string.Join(", ", inner.Select(i => $"'{i.WorkspaceRoot}'"))}: those files would be backed up twice, " +
                "and 'brainrepo sync' run inside one of them would take that workspace, not this one. Nothing was changed. " +
                "Fix: unregister the inner workspace first (brainrepo workspaces remove <dir>), or pass --nested to register both.");
        }
    }

    /// <summary>
    /// The snapshot the repository already holds, when the workspace is to continue it; refuses one that belongs to
    /// another workspace unless <see cref="InitRequest.ExistingRepository"/>, and a folder that is not a repository.
    /// </summary>
    private Model.SnapshotInfo? ExistingHistory(string root, string repository, InitRequest request)
    {
        if (!Directory.Exists(repository))
        {
            return null;
        }

        if (!Directory.Exists(Path.Combine(repository, "objects")))
        {
            if (Directory.EnumerateFileSystemEntries(repository).Any())
            {
                throw new ConfigException(
                    $"'{repository}' is a folder that is neither empty nor a git repository; BrainRepo would write its repository into it. " +
                    "Nothing was changed. Fix: choose an empty or new folder for --repo.");
            }

            return null;
        }

        var newest = storage.NewestSnapshotIn(repository);
        if (newest is null)
        {
            return null;
        }

        // The repository in the workspace's own data folder (kept when it was unregistered), or the one a registration
        // being rewritten already uses, holds this workspace's own history.
        var own = RelativePath.IsUnder(repository, registry.FolderFor(root))
            || string.Equals(registry.FindExact(root)?.RepositoryPath is { } current ? Path.TrimEndingDirectorySeparator(current) : null, repository, StringComparison.Ordinal);
        if (!own && !request.ExistingRepository)
        {
            throw new ConfigException(
                $"'{repository}' already holds snapshots (the newest {newest.CommitId[..12]}, {newest.Time.UtcDateTime:yyyy-MM-dd HH:mm}Z). " +
                $"The first sync of '{root}' would go on top of that history and record every file it does not have as deleted. Nothing was changed. " +
                "Fix: give a new folder for --repo; or, if this folder is that workspace (restored on a new machine), pass --existing-repo to continue its history.");
        }

        return newest;
    }
}
