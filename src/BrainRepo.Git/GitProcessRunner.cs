using System.Diagnostics;
using System.Text;
using BrainRepo.Git.Remote;

namespace BrainRepo.Git;

/// <summary>
/// Starts every git process of BrainRepo (nothing else in <c>src/</c> may: <c>Process.Start</c> is a banned
/// API outside this type), each with the same hardening:
/// <list type="bullet">
/// <item><b>No hooks</b>: <c>-c core.hooksPath=/dev/null</c>. A hook in the backup repository
/// (<c>pre-push</c>, <c>reference-transaction</c>, …) never runs. A remote's own server-side hooks are the
/// remote's business: they run wherever its <c>receive-pack</c> runs, as they would on a hosting service.</item>
/// <item><b>No system or global configuration</b>: <c>GIT_CONFIG_NOSYSTEM=1</c> and <c>GIT_CONFIG_GLOBAL=/dev/null</c>
/// (which replaces both <c>~/.gitconfig</c> and <c>$XDG_CONFIG_HOME/git/config</c>). Configuration passed down
/// through the environment (<c>GIT_CONFIG_PARAMETERS</c>, <c>GIT_CONFIG_COUNT</c> with <c>GIT_CONFIG_KEY_n</c> and
/// <c>GIT_CONFIG_VALUE_n</c>, <c>GIT_CONFIG</c>) is removed. Only the repository's own config applies.</item>
/// <item><b>No credential helper</b>: <c>-c credential.helper=</c> empties the list, so no helper is asked and
/// nothing is stored.</item>
/// <item><b>No tracing</b>: every <c>GIT_TRACE*</c> variable, <c>GIT_CURL_VERBOSE</c> and <c>SSLKEYLOGFILE</c> are
/// removed (a trace of an http push would print the Authorization header; a key log, the TLS keys).</item>
/// <item><b>No prompt</b>: <c>GIT_TERMINAL_PROMPT=0</c>; the user's <c>GIT_ASKPASS</c> and <c>SSH_ASKPASS</c> are removed.</item>
/// <item><b>A token only through askpass</b>: with <see cref="GitProcessRequest.Token"/>, a one-off script in a private
/// 0700 folder (<see cref="AskPassSession"/>), named by <c>GIT_ASKPASS</c> and <c>-c core.askPass</c>, prints the
/// username or the token from the child's environment; the token is never in an argument, a URL or a file,
/// and it is scrubbed from everything git prints.</item>
/// <item><b>The repository is the one asked for</b>: <c>--git-dir</c>; an inherited <c>GIT_DIR</c>, <c>GIT_WORK_TREE</c>,
/// <c>GIT_INDEX_FILE</c>, <c>GIT_OBJECT_DIRECTORY</c>, <c>GIT_ALTERNATE_OBJECT_DIRECTORIES</c>, <c>GIT_COMMON_DIR</c> or
/// <c>GIT_NAMESPACE</c> (BrainRepo started from a git hook) is removed. <c>-c safe.directory=*</c>: the path comes from
/// BrainRepo's own configuration, not from the folder it runs in.</item>
/// <item><b>Stable messages</b>: <c>LC_ALL=C</c>, <c>LANG=C</c>, no <c>LANGUAGE</c> (errors are classified by git's English text).</item>
/// <item><b>No shell</b>: arguments are passed as a list.</item>
/// <item><b>Cancel ends everything</b>: cancelling an interruptible command kills git's whole process tree (remote
/// helpers, ssh, pack-objects) with <see cref="Process.Kill(bool)"/> and waits until those processes are gone. A request
/// with <see cref="GitProcessRequest.Interruptible"/> false (a push) is never interrupted once started.</item>
/// </list>
/// Everything else is inherited, so remotes are reached the way the user's environment says: <c>HOME</c> (ssh keys),
/// <c>SSH_AUTH_SOCK</c>, <c>GIT_SSH_COMMAND</c>, proxies (<c>HTTPS_PROXY</c>), <c>GIT_SSL_CAINFO</c>.
/// </summary>
public sealed partial class GitProcessRunner
{
    private const string NullDevice = "/dev/null";

    /// <summary>Variables the hardening removes from every git process's environment, unless it sets them itself.</summary>
    private static readonly HashSet<string> RemovedVariables = new(StringComparer.Ordinal)
    {
        "GIT_CURL_VERBOSE", "SSLKEYLOGFILE",
        "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
        "GIT_ASKPASS", "SSH_ASKPASS", "LANGUAGE",
        AskPassSession.UsernameVariable, AskPassSession.TokenVariable,
    };

    /// <summary>Prefixes of variables the hardening removes (every trace switch, and environment-injected config).</summary>
    private static readonly string[] RemovedPrefixes = ["GIT_TRACE", "GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"];

    /// <summary>Variables the hardening sets.</summary>
    private static readonly Dictionary<string, string> SetVariables = new(StringComparer.Ordinal)
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = NullDevice,
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["LC_ALL"] = "C",
        ["LANG"] = "C",
    };

    private readonly IReadOnlyDictionary<string, string?>? _inheritedEnvironment;
    private readonly Action<GitProcessStart>? _onStarted;

    /// <summary>A runner of <paramref name="gitExecutable"/> (looked up on PATH unless it is a path).</summary>
    public GitProcessRunner(string gitExecutable = "git")
        : this(gitExecutable, null, null)
    {
    }

    /// <param name="gitExecutable">The git executable.</param>
    /// <param name="inheritedEnvironment">
    /// Variables set (or, with a null value, removed) in the environment that children inherit, before the
    /// hardening is applied: as if BrainRepo had been started with them. For tests.
    /// </param>
    /// <param name="onStarted">Told about every process started, with its complete arguments and environment. For tests.</param>
    internal GitProcessRunner(string gitExecutable, IReadOnlyDictionary<string, string?>? inheritedEnvironment, Action<GitProcessStart>? onStarted)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gitExecutable);
        GitExecutable = gitExecutable;
        _inheritedEnvironment = inheritedEnvironment;
        _onStarted = onStarted;
    }

    /// <summary>The runner of the <c>git</c> found on PATH.</summary>
    public static GitProcessRunner Default { get; } = new();

    /// <summary>The git executable this runner starts.</summary>
    public string GitExecutable { get; }

    /// <summary>True for a variable that the hardening sets or removes; a request may not set it.</summary>
    public static bool IsHardenedVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SetVariables.ContainsKey(name) || RemovedVariables.Contains(name)
            || RemovedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>Starts git for <paramref name="request"/> with every stream redirected and the hardening applied.</summary>
    private Process Launch(GitProcessRequest request, AskPassSession? askPass)
    {
        ArgumentNullException.ThrowIfNull(request.Arguments);
        var info = new ProcessStartInfo(GitExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (request.WorkingDirectory is not null)
        {
            info.WorkingDirectory = request.WorkingDirectory;
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("core.hooksPath=" + NullDevice);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("credential.helper=");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("safe.directory=*");
        if (askPass is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("core.askPass=" + askPass.ScriptPath);
        }

        if (request.GitDirectory is not null)
        {
            info.ArgumentList.Add("--git-dir=" + request.GitDirectory);
        }

        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        ApplyEnvironment(info.Environment, request, askPass);
        var process = new Process { StartInfo = info };
#pragma warning disable RS0030 // The one place that starts a process.
        process.Start();
#pragma warning restore RS0030
        _onStarted?.Invoke(new GitProcessStart(
            info.FileName,
            [.. info.ArgumentList],
            new Dictionary<string, string?>(info.Environment, StringComparer.Ordinal),
            process.Id));
        return process;
    }

    private void ApplyEnvironment(IDictionary<string, string?> environment, GitProcessRequest request, AskPassSession? askPass)
    {
        if (_inheritedEnvironment is not null)
        {
            foreach (var (name, value) in _inheritedEnvironment)
            {
                Set(environment, name, value);
            }
        }

        if (request.Environment is not null)
        {
            foreach (var (name, value) in request.Environment)
            {
                if (IsHardenedVariable(name))
                {
                    throw new ArgumentException($"The variable {name} is set or removed by the git hardening; a request cannot set it.", nameof(request));
                }

                environment[name] = value;
            }
        }

        foreach (var name in environment.Keys.Where(n => RemovedVariables.Contains(n) || RemovedPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in SetVariables)
        {
            environment[name] = value;
        }

        if (askPass is not null)
        {
            var username = request.Username;
            ArgumentException.ThrowIfNullOrWhiteSpace(username, nameof(request));
            environment["GIT_ASKPASS"] = askPass.ScriptPath;
            environment[AskPassSession.UsernameVariable] = username;
            environment[AskPassSession.TokenVariable] = request.Token!.Reveal();
        }
    }

    private static void Set(IDictionary<string, string?> environment, string name, string? value)
    {
        if (value is null)
        {
            environment.Remove(name);
        }
        else
        {
            environment[name] = value;
        }
    }
}
