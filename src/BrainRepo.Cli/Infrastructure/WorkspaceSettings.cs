using System.ComponentModel;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>Options shared by every command that works on a registered workspace.</summary>
public class WorkspaceSettings : CommandSettings
{
    [CommandOption("-w|--workspace <DIR>")]
    [Description("The workspace (default: the registered workspace containing the current folder).")]
    public string? Workspace { get; init; }

    [CommandOption("--json")]
    [Description("Print machine-readable JSON instead of text.")]
    public bool Json { get; init; }
}
