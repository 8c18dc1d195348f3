using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Spectre's help, plus the options every command takes that no settings class declares: <c>-v</c>/<c>--verbose</c>
/// and <c>--version</c> (handled before parsing), and how to get a command's help.
/// </summary>
public sealed class BrainRepoHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    /// <summary>A branch with a default command (<c>secrets</c>, <c>workspaces</c>) shows that command's options: they are the branch's.</summary>
    public override IEnumerable<IRenderable> GetOptions(ICommandModel model, ICommandInfo? command) =>
        base.GetOptions(model, (command as ICommandContainer)?.DefaultCommand ?? command);

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        foreach (var renderable in base.GetFooter(model, command))
        {
            yield return renderable;
        }

        var grid = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(4)).AddColumn();
        grid.AddRow("-v, --verbose", "Also print informational log lines on stderr (any command)");
        grid.AddRow("--version", "Print the version and the git commit it was built from");
        yield return new Markup("[yellow]GLOBAL OPTIONS:[/]" + Environment.NewLine);
        yield return grid;
        yield return Text.NewLine;
        yield return new Markup("Run [bold]brainrepo help <COMMAND>[/] (or [bold]brainrepo <COMMAND> --help[/]) for a command's options.");
        yield return Text.NewLine;
    }
}
