using System.ComponentModel;
using BrainRepo.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace BrainRepo.Cli.Commands;

/// <summary>Settings of commands that take an optional snapshot name (default HEAD).</summary>
public class SnapshotSettings : WorkspaceSettings
{
    [CommandArgument(0, "[SNAPSHOT]")]
    [Description("A commit id (or prefix), a tag, HEAD or HEAD~N. Default: HEAD.")]
    public string Snapshot { get; init; } = "HEAD";
}
