using BrainRepo.Cli;
using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console.Testing;

namespace BrainRepo.Cli.Tests.Support;

/// <summary>
/// Runs the CLI in-process like <see cref="TestWorkspace.CliAsync"/>, with an environment of the test's own
/// (token variables, no master key from the machine), a clock, standard input and a logger to capture.
/// Every output is also appended to <see cref="Transcript"/> so that leak tests can search all of it.
/// </summary>
internal sealed class CliRunner(TestWorkspace workspace)
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The token a Ctrl+C would cancel.</summary>
    public CancellationToken Cancellation { get; set; } = CancellationToken.None;

    public System.Text.StringBuilder Transcript { get; } = new();

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string? stdin, params string[] args)
    {
        var output = new TestConsole();
        output.Profile.Width = 250;
        var error = new TestConsole();
        error.Profile.Width = 250;
        var context = new CliContext
        {
            Out = output,
            Err = error,
            GetEnvironment = name => name == DataDirectory.EnvironmentVariable ? workspace.Home : Environment.GetValueOrDefault(name),
            CurrentDirectory = workspace.Workspace,
            LoggerFactory = LoggerFactory,
            Time = Time,
            OpenInput = () => new StringReader(stdin ?? string.Empty),
        };
        var exit = await BrainRepoApp.RunAsync(args, context, Cancellation);
        Transcript.Append(output.Output).Append('\n').Append(error.Output).Append('\n');
        return (exit, output.Output, error.Output);
    }
}
