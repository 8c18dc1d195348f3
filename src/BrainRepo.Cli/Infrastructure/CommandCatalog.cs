using System.Reflection;
using BrainRepo.Cli.Commands;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Every command of the command line by its path ("remote set"), with its options: what a usage error's "did you
/// mean" is chosen from. <see cref="BrainRepoApp"/> registers the same paths (a test keeps the two in step).
/// </summary>
public static class CommandCatalog
{
    /// <summary>The command type of each path; a branch's path names its default command, when it has one.</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["init"] = typeof(InitCommand),
        ["workspaces"] = typeof(WorkspacesCommand),
        ["workspaces remove"] = typeof(WorkspacesRemoveCommand),
        ["sync"] = typeof(SyncCommand),
        ["status"] = typeof(StatusCommand),
        ["log"] = typeof(LogCommand),
        ["ls"] = typeof(LsCommand),
        ["report"] = typeof(ReportCommand),
        ["scan"] = typeof(ScanCommand),
        ["worker"] = typeof(WorkerCommand),
        ["cancel"] = typeof(CancelCommand),
        ["secrets"] = typeof(SecretsCommand),
        ["secrets allow"] = typeof(SecretsAllowCommand),
        ["secrets key"] = typeof(SecretsKeyCommand),
        ["restore"] = typeof(RestoreCommand),
        ["verify"] = typeof(VerifyCommand),
        ["repair"] = typeof(RepairCommand),
        ["remote set"] = typeof(RemoteSetCommand),
        ["remote show"] = typeof(RemoteShowCommand),
        ["remote remove"] = typeof(RemoteRemoveCommand),
        ["push"] = typeof(PushCommand),
        ["milestone"] = typeof(MilestoneCommand),
        ["tag"] = typeof(TagCommand),
        ["snapshots"] = typeof(SnapshotsCommand),
        ["forget"] = typeof(ForgetCommand),
    };

    /// <summary>The top-level names, branches included, plus <c>help</c>.</summary>
    public static IEnumerable<string> TopLevel => Commands.Keys.Select(k => k.Split(' ')[0]).Append("help").Distinct(StringComparer.Ordinal);

    /// <summary>The subcommands of <paramref name="branch"/> ("set", "show", "remove" of "remote"); empty when it has none.</summary>
    public static IEnumerable<string> Children(string branch) =>
        Commands.Keys.Where(k => k.StartsWith(branch + " ", StringComparison.Ordinal)).Select(k => k[(branch.Length + 1)..]);

    /// <summary>The command that <paramref name="args"/> name: the longest path their first words spell, or null.</summary>
    public static string? PathOf(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count >= 2 && Commands.ContainsKey(args[0] + " " + args[1]))
        {
            return args[0] + " " + args[1];
        }

        return args.Count >= 1 && (Commands.ContainsKey(args[0]) || Children(args[0]).Any()) ? args[0] : null;
    }

    /// <summary>The long option names (without dashes) of the command at <paramref name="path"/>, <c>help</c> included.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Command and settings types are rooted (see BrainRepoApp).")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Command and settings types are rooted (see BrainRepoApp).")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2065", Justification = "Command and settings types are rooted (see BrainRepoApp).")]
    public static IReadOnlyList<string> OptionsOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = new List<string> { "help" };
        if (!Commands.TryGetValue(path, out var command))
        {
            return names;
        }

        for (var type = command.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                names.AddRange(settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .SelectMany(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames ?? []));
                break;
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
