using System.Security.Cryptography;
using System.Text;
using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Workspaces;

/// <summary>
/// The registered workspaces: one folder per workspace under <c>&lt;data&gt;/workspaces/&lt;id&gt;/</c>
/// holding <c>brainrepo.toml</c>, the state database and (by default) the bare backup repository.
/// Nothing is ever written into the workspace itself. The data folder and each workspace's folder are private
/// to their owner (0700, see <see cref="PrivateFolder"/>).
/// </summary>
public sealed partial class WorkspaceRegistry(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string WorkspacesDirectory => Path.Combine(DataDirectory, "workspaces");

    /// <summary>A stable id: the folder name plus a short hash of the absolute path.</summary>
    public static string IdFor(string workspaceRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        var name = new string(Path.GetFileName(full).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        if (name.Length == 0)
        {
            name = "workspace";
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        return $"{name}-{hash}";
    }

    /// <summary>
    /// Registers <paramref name="workspaceRoot"/> and writes its configuration. Refuses a missing
    /// folder, a second registration (unless <paramref name="force"/>), and a repository inside the workspace.
    /// </summary>
    public WorkspaceConfig Register(string workspaceRoot, string? repositoryPath, string preset, bool force)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        if (!Directory.Exists(root))
        {
            throw new ConfigException($"The workspace folder '{root}' does not exist. Fix: create it, or pass the path of an existing folder.");
        }

        var policy = Presets.Get(preset);
        var id = IdFor(root);
        var dir = Path.Combine(WorkspacesDirectory, id);
        var configFile = Path.Combine(dir, WorkspaceConfigLoader.FileName);
        if (File.Exists(configFile) && !force)
        {
            throw new ConfigException($"'{root}' is already registered (config: {configFile}). Fix: use it as it is, or pass --force to rewrite its configuration.", configFile);
        }

        var repo = RepositoryPathFor(root, repositoryPath);
        if (RelativePath.IsUnder(repo, root))
        {
            throw new ConfigException($"The backup repository '{repo}' lies inside the workspace '{root}'. Fix: choose a folder outside the workspace.");
        }

        PrivateFolder.Ensure(DataDirectory);
        PrivateFolder.Ensure(WorkspacesDirectory);
        PrivateFolder.Ensure(dir);
        var text = WorkspaceConfigWriter.Render(root, repo, preset, policy);
        var tmp = configFile + ".tmp";
        PrivateFolder.WriteNewFile(tmp, text);
        File.Move(tmp, configFile, overwrite: true);
        return WorkspaceConfigLoader.Load(configFile);
    }

    /// <summary>Every registered workspace's config file.</summary>
    public IEnumerable<string> ConfigFiles()
    {
        if (!Directory.Exists(WorkspacesDirectory))
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories(WorkspacesDirectory).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, WorkspaceConfigLoader.FileName);
            if (File.Exists(file))
            {
                yield return file;
            }
        }
    }

    /// <summary>
    /// Finds the workspace that contains <paramref name="path"/> (the deepest registered root that is
    /// <paramref name="path"/> or one of its parents). Throws a usage error naming the fix when none does.
    /// </summary>
    public WorkspaceConfig Find(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var direct = Path.Combine(WorkspacesDirectory, IdFor(full), WorkspaceConfigLoader.FileName);
        if (File.Exists(direct))
        {
            return WorkspaceConfigLoader.Load(direct);
        }

        WorkspaceConfig? best = null;
        foreach (var file in ConfigFiles())
        {
            var config = WorkspaceConfigLoader.Load(file);
            if (RelativePath.IsUnder(full, config.WorkspaceRoot) && (best is null || config.WorkspaceRoot.Length > best.WorkspaceRoot.Length))
            {
                best = config;
            }
        }

        return best ?? throw new BrainRepoException(
            ErrorCodes.WorkspaceNotRegistered,
            $"No registered workspace contains '{full}'. Fix: run 'brainrepo init {full}' first, or pass --workspace <dir>.");
    }
}
