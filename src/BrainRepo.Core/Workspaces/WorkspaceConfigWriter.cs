using System.Globalization;
using System.Text;

namespace BrainRepo.Core.Workspaces;

/// <summary>Writes a <c>brainrepo.toml</c> with every setting spelled out, defaults included.</summary>
public static class WorkspaceConfigWriter
{
    public static string Render(string workspaceRoot, string repositoryPath, string preset, PolicyOptions policy, string? sealKeyFile = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# BrainRepo workspace configuration. Every setting is written out with its value;");
        sb.AppendLine("# see docs/configuration.md for what each one does. Unknown keys are refused.");
        sb.AppendLine();
        sb.AppendLine("# The folder that is backed up, and the bare git repository the snapshots go to.");
        sb.AppendLine($"workspace = {Quote(workspaceRoot)}");
        sb.AppendLine($"repository = {Quote(repositoryPath)}");
        sb.AppendLine($"preset = {Quote(preset)}");
        sb.AppendLine();
        sb.AppendLine("# Folders inside the workspace that are backed up (\".\" = the whole workspace). A watch path that");
        sb.AppendLine("# does not exist and that no snapshot ever held stops the sync (a typo must not look like success).");
        sb.AppendLine($"watch_paths = {List(policy.WatchPaths)}");
        sb.AppendLine("# Folder names skipped at any depth.");
        sb.AppendLine($"exclude_names = {List(policy.ExcludeNames)}");
        sb.AppendLine("# Workspace-relative paths skipped with everything below them.");
        sb.AppendLine($"exclude_paths = {List(policy.ExcludePaths)}");
        sb.AppendLine("# Larger files keep their last stored version (a file never smaller is not in the backup) and are");
        sb.AppendLine("# reported as too-large: the snapshot is incomplete unless an exclusion leaves the file out.");
        sb.AppendLine($"max_file_size = {Quote(ByteSize.Format(policy.MaxFileSize))}");
        sb.AppendLine("# The memory the secrets scanner may hold at once, however many files it reads in parallel;");
        sb.AppendLine("# an archive it cannot finish within it is withheld, and says so.");
        sb.AppendLine($"scanner_memory_budget = {Quote(ByteSize.Format(policy.ScannerMemoryBudget))}");
        sb.AppendLine("# Credential caches: never stored, and earlier copies leave the next snapshot.");
        sb.AppendLine($"credential_cache_patterns = {List(policy.CredentialCachePatterns)}");
        sb.AppendLine("# A file that contains a secret: \"withhold\" keeps its last clean version, \"redact\" stores it");
        sb.AppendLine("# with each secret replaced by a marker, \"seal\" stores it encrypted under your seal key.");
        sb.AppendLine("# Either way the report names the rule and line, never the secret.");
        sb.AppendLine($"secrets = {Quote(DispositionName(policy.Secrets))}");
        sb.AppendLine("# The seal key (secrets = \"seal\"). Default: seal.key next to this file, created on first use.");
        sb.AppendLine("# BACK IT UP elsewhere ('brainrepo secrets key' prints it): without it sealed files cannot be restored.");
        sb.AppendLine(sealKeyFile is null ? "# seal_key_file = \"/path/to/seal.key\"" : $"seal_key_file = {Quote(sealKeyFile)}");
        sb.AppendLine();
        sb.AppendLine("# A deletion of at least min_files files that is also at least min_fraction of a");
        sb.AppendLine("# watch path is held back until 'brainrepo sync --allow-mass-delete'.");
        sb.AppendLine("[mass_delete]");
        sb.AppendLine($"min_files = {policy.MassDeleteMinFiles.ToString(CultureInfo.InvariantCulture)}");
        sb.AppendLine($"min_fraction = {policy.MassDeleteMinFraction.ToString("0.0###", CultureInfo.InvariantCulture)}");
        return sb.ToString();
    }

    private static string DispositionName(Workspaces.SecretDisposition disposition) => disposition switch
    {
        Workspaces.SecretDisposition.Redact => "redact",
        Workspaces.SecretDisposition.Seal => "seal",
        _ => "withhold",
    };

    private static string List(IReadOnlyList<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    /// <summary>A TOML basic string with every character that needs it escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
