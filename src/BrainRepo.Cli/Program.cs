using BrainRepo.Cli;
using BrainRepo.Cli.Infrastructure;
using Microsoft.Extensions.Logging;
using Spectre.Console;

var verbose = args.Contains("--verbose") || args.Contains("-v");
args = args.Where(a => a is not "--verbose" and not "-v").ToArray();
HugePages.Advise(args, Environment.GetEnvironmentVariable);
_ = NativeWarmup.Begin(args);
ShortLivedGc.Enter(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Log lines go to standard error only, so --json output on standard output stays parseable. A one-shot command
// prints what happened itself, so it logs only warnings unless -v; the worker's log is its output.
var minimum = verbose || args.FirstOrDefault() == "worker" ? LogLevel.Information : LogLevel.Warning;
using var loggerFactory = new LoggerFactory([new StderrLoggerProvider(minimum)], new LoggerFilterOptions { MinLevel = minimum });
var context = new CliContext
{
    Out = CliConsoles.For(Console.Out, Console.IsOutputRedirected),
    Err = CliConsoles.For(Console.Error, Console.IsErrorRedirected),
    Help = AnsiConsole.Console,
    GetEnvironment = Environment.GetEnvironmentVariable,
    CurrentDirectory = Environment.CurrentDirectory,
    LoggerFactory = loggerFactory,
    Interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null,
};
return await BrainRepoApp.RunAsync(args, context, cancel.Token);

