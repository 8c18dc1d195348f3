using System.Globalization;
using BrainRepo.Core.Errors;
using Tomlyn;
using Tomlyn.Model;

namespace BrainRepo.Core.Workspaces;

/// <summary>
/// Reads and validates a workspace's <c>brainrepo.toml</c>. Every problem is reported with the file,
/// the key and the fix; nothing is guessed and unknown keys are refused (a typo must not silently
/// fall back to a default and back up less than the user meant).
/// </summary>
public static class WorkspaceConfigLoader
{
    public const string FileName = "brainrepo.toml";

    private static readonly string[] TopLevelKeys =
    [
        "workspace", "repository", "preset", "watch_paths", "exclude_names", "exclude_paths",
        "max_file_size", "credential_cache_patterns", "secrets", "seal_key_file", "mass_delete", "scanner_memory_budget",
    ];

    private static readonly string[] MassDeleteKeys = ["min_files", "min_fraction"];

    public static WorkspaceConfig Load(string configFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(configFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{configFile}: cannot read the configuration ({ex.Message}).", configFile);
        }

        return Parse(text, configFile);
    }

    public static WorkspaceConfig Parse(string text, string configFile)
    {
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(text, typeof(TomlTable), ConfigTomlContext.Default) as TomlTable
                ?? throw new ConfigException($"{configFile}: the file is empty.", configFile);
        }
        catch (TomlException ex)
        {
            throw new ConfigException(
                $"{TomlSyntaxError.Describe(ex, configFile)} Fix: correct the syntax at that line and column, or re-create the file with 'brainrepo init --force'.",
                configFile);
        }

        var reader = new Reader(table, configFile);
        reader.RejectUnknown(TopLevelKeys, prefix: "");

        var workspace = reader.RequiredString("workspace");
        if (!Path.IsPathRooted(workspace))
        {
            throw reader.Error("workspace", "must be an absolute path", "write the full path of the workspace folder");
        }

        workspace = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        var repository = reader.RequiredString("repository");
        if (!Path.IsPathRooted(repository))
        {
            throw reader.Error("repository", "must be an absolute path", "write the full path of the backup repository");
        }

        repository = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository));
        if (RelativePath.IsUnder(repository, workspace))
        {
            throw reader.Error("repository", "lies inside the workspace", "keep the backup repository outside the folder it backs up");
        }

        var preset = reader.OptionalString("preset") ?? Presets.None;
        PolicyOptions defaults;
        try
        {
            defaults = Presets.Get(preset);
        }
        catch (ConfigException)
        {
            throw reader.Error("preset", $"'{preset}' is not a known preset", $"use one of: {string.Join(", ", Presets.Names)}");
        }

        var watchPaths = reader.OptionalPathList("watch_paths") ?? defaults.WatchPaths;
        if (watchPaths.Count == 0)
        {
            throw reader.Error("watch_paths", "is empty, so nothing would be backed up", "list at least one path, or \".\" for the whole workspace");
        }

        var excludeNames = reader.OptionalStringList("exclude_names") ?? defaults.ExcludeNames;
        foreach (var name in excludeNames)
        {
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
            {
                throw reader.Error("exclude_names", $"'{name}' is not a plain folder name", "use a single folder name such as \"node_modules\"; put paths in exclude_paths");
            }
        }

        var excludePaths = reader.OptionalPathList("exclude_paths") ?? defaults.ExcludePaths;
        var maxFileSize = reader.OptionalSize("max_file_size") ?? defaults.MaxFileSize;
        var minimumBudget = Secrets.ScanMemoryBudget.MinimumFor(maxFileSize);
        var scannerMemoryBudget = reader.OptionalSize("scanner_memory_budget") ?? Math.Max(defaults.ScannerMemoryBudget, minimumBudget);
        if (scannerMemoryBudget < minimumBudget)
        {
            throw reader.Error(
                "scanner_memory_budget",
                $"= \"{ByteSize.Format(scannerMemoryBudget)}\" is too small: a file of max_file_size ({ByteSize.Format(maxFileSize)}) needs at least {ByteSize.Format(minimumBudget)} to be scanned",
                $"raise it to \"{ByteSize.Format(RoundUpToMiB(minimumBudget))}\" or more, lower max_file_size, or remove the key for the default");
        }

        var credentialPatterns = reader.OptionalStringList("credential_cache_patterns") ?? defaults.CredentialCachePatterns;
        var secrets = reader.OptionalString("secrets") switch
        {
            null or "withhold" => Workspaces.SecretDisposition.Withhold,
            "redact" => Workspaces.SecretDisposition.Redact,
            "seal" => Workspaces.SecretDisposition.Seal,
            var other => throw reader.Error("secrets", $"= \"{other}\" is not a secret disposition", "write \"withhold\" (keep the last clean version), \"redact\" (store with secrets replaced) or \"seal\" (store encrypted under your seal key)"),
        };

        var sealKeyFile = reader.OptionalString("seal_key_file");
        if (sealKeyFile is not null)
        {
            if (!Path.IsPathRooted(sealKeyFile))
            {
                throw reader.Error("seal_key_file", "must be an absolute path", "write the full path of the seal key file, or remove the key to use seal.key next to this file");
            }

            sealKeyFile = Path.GetFullPath(sealKeyFile);
            if (RelativePath.IsUnder(sealKeyFile, workspace) || RelativePath.IsUnder(sealKeyFile, repository))
            {
                throw reader.Error("seal_key_file", "lies inside the workspace or the backup repository, so the key would end up next to what it protects", "keep the key file outside both (and back it up somewhere else)");
            }
        }

        var minFiles = defaults.MassDeleteMinFiles;
        var minFraction = defaults.MassDeleteMinFraction;
        if (table.TryGetValue("mass_delete", out var massDeleteValue))
        {
            if (massDeleteValue is not TomlTable massDelete)
            {
                throw reader.Error("mass_delete", "must be a table", "write it as a [mass_delete] section");
            }

            var sub = new Reader(massDelete, configFile);
            sub.RejectUnknown(MassDeleteKeys, prefix: "mass_delete.");
            minFiles = (int)(sub.OptionalInteger("min_files", "mass_delete.min_files", min: 1) ?? minFiles);
            minFraction = sub.OptionalFraction("min_fraction", "mass_delete.min_fraction") ?? minFraction;
        }

        return new WorkspaceConfig
        {
            ConfigFile = Path.GetFullPath(configFile),
            WorkspaceRoot = workspace,
            RepositoryPath = repository,
            StateDirectory = Path.GetDirectoryName(Path.GetFullPath(configFile))!,
            Preset = preset,
            SealKeyFileSetting = sealKeyFile,
            Policy = new PolicyOptions
            {
                WatchPaths = watchPaths,
                ExcludeNames = excludeNames,
                ExcludePaths = excludePaths,
                MaxFileSize = maxFileSize,
                ScannerMemoryBudget = scannerMemoryBudget,
                CredentialCachePatterns = credentialPatterns,
                Secrets = secrets,
                MassDeleteMinFiles = minFiles,
                MassDeleteMinFraction = minFraction,
            },
        };
    }

    private static long RoundUpToMiB(long bytes) => (bytes + (1024 * 1024) - 1) / (1024 * 1024) * 1024 * 1024;

    private sealed class Reader(TomlTable table, string file)
    {
        public ConfigException Error(string key, string problem, string fix) =>
            new($"{file}: key '{key}' {problem}. Fix: {fix}.", file, key);

        public void RejectUnknown(string[] known, string prefix)
        {
            foreach (var key in table.Keys)
            {
                if (Array.IndexOf(known, key) < 0)
                {
                    var suggestion = known.OrderBy(k => Distance(k, key)).First();
                    throw Error(prefix + key, "is not a known setting", $"remove it or correct the name (did you mean '{prefix}{suggestion}'?)");
                }
            }
        }

        public string RequiredString(string key) =>
            OptionalString(key) ?? throw Error(key, "is missing", $"add {key} = \"...\" (see docs/configuration.md)");

        public string? OptionalString(string key)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }

            if (value is not string s || s.Length == 0)
            {
                throw Error(key, $"must be a non-empty string, not {Describe(value)}", $"write {key} = \"...\"");
            }

            return s;
        }

        public IReadOnlyList<string>? OptionalStringList(string key)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }

            if (value is not TomlArray array)
            {
                throw Error(key, $"must be a list of strings, not {Describe(value)}", $"write {key} = [\"a\", \"b\"]");
            }

            var list = new List<string>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not string s)
                {
                    throw Error($"{key}[{i}]", $"must be a string, not {Describe(array[i])}", "quote the value");
                }

                list.Add(s);
            }

            return list;
        }

        public IReadOnlyList<string>? OptionalPathList(string key)
        {
            var raw = OptionalStringList(key);
            if (raw is null)
            {
                return null;
            }

            var result = new List<string>();
            for (var i = 0; i < raw.Count; i++)
            {
                var normalized = RelativePath.Normalize(raw[i], out var problem);
                if (normalized is null)
                {
                    throw Error($"{key}[{i}]", $"= \"{raw[i]}\" is not usable: {problem}", "use a path relative to the workspace root, such as \"memory\" or \".\"");
                }

                if (!result.Contains(normalized))
                {
                    result.Add(normalized);
                }
            }

            return result;
        }

        public long? OptionalSize(string key)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }

            switch (value)
            {
                case long l when l > 0:
                    return l;
                case string s when ByteSize.TryParse(s, out var bytes) && bytes > 0:
                    return bytes;
                default:
                    throw Error(key, $"= {Describe(value)} is not a positive size", "write a size such as \"10MiB\" or a byte count");
            }
        }

        public long? OptionalInteger(string key, string displayKey, long min)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }

            if (value is long l && l >= min && l <= int.MaxValue)
            {
                return l;
            }

            throw Error(displayKey, $"= {Describe(value)} must be a whole number of at least {min}", "write a number without quotes");
        }

        public double? OptionalFraction(string key, string displayKey)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }

            double? d = value switch { double x => x, long x => x, _ => null };
            if (d is > 0 and <= 1)
            {
                return d;
            }

            throw Error(displayKey, $"= {Describe(value)} must be a fraction between 0 and 1", "write for example 0.5 for half");
        }

        private static string Describe(object? value) => value switch
        {
            null => "nothing",
            string s => $"the string \"{s}\"",
            long l => $"the number {l.ToString(CultureInfo.InvariantCulture)}",
            double d => $"the number {d.ToString(CultureInfo.InvariantCulture)}",
            bool b => b ? "true" : "false",
            TomlArray => "a list",
            TomlTable => "a table",
            _ => value.GetType().Name,
        };

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
