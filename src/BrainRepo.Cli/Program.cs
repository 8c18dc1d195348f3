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

// Log lines go to standard error only, so --json output on standard output stays parseable.
var minimum = verbose ? LogLevel.Information : LogLevel.Warning;
using var loggerFactory = new LoggerFactory([new StderrLoggerProvider(minimum)], new LoggerFilterOptions { MinLevel = minimum });
var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
var context = new CliContext
{
    Out = AnsiConsole.Console,
    Err = stderr,
    GetEnvironment = Environment.GetEnvironmentVariable,
    CurrentDirectory = Environment.CurrentDirectory,
    LoggerFactory = loggerFactory,
    Interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null,
};
return await BrainRepoApp.RunAsync(args, context, cancel.Token);
