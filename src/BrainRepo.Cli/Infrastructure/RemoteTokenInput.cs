using BrainRepo.Core.Credentials;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// How commands that talk to an http(s) remote (<c>remote set</c>, <c>restore --from</c>) take a token:
/// from an environment variable, the first line of standard input, or (with a warning) an argument.
/// The token is never echoed; errors name only where it was looked for.
/// </summary>
internal static class RemoteTokenInput
{
    public const string OneWayOnly = "Give the token one way only: --token-env, --token-stdin or --token.";

    /// <summary>True when more than one of the three ways is used.</summary>
    public static bool Conflicting(string? tokenEnv, bool tokenStdin, string? token) =>
        (tokenEnv is null ? 0 : 1) + (tokenStdin ? 1 : 0) + (token is null ? 0 : 1) > 1;

    /// <summary>Prints the 'ps' warning when the token was given as an argument.</summary>
    public static void WarnIfArgument(CliContext context, string? token)
    {
        if (token is not null)
        {
            context.Err.MarkupLine("[yellow]warning:[/] a token given with --token is visible to other users in 'ps' and may land in your shell history. Prefer --token-env VAR or --token-stdin.");
        }
    }

    /// <summary>Reads the token the way the user chose; null when none was asked for.</summary>
    /// <exception cref="ConfigException">The chosen source is empty or holds control characters.</exception>
    public static SecretToken? Read(CliContext context, string? tokenEnv, bool tokenStdin, string? token)
    {
        string? value;
        string source;
        if (tokenEnv is not null)
        {
            value = context.GetEnvironment(tokenEnv);
            source = $"the environment variable {tokenEnv}";
        }
        else if (tokenStdin)
        {
            value = context.OpenInput().ReadLine();
            source = "standard input";
        }
        else if (token is not null)
        {
            value = token;
            source = "--token";
        }
        else
        {
            return null;
        }

        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new ConfigException($"No token in {source}: it is not set or empty. Nothing was changed.");
        }

        if (value.Any(char.IsControl))
        {
            throw new ConfigException($"The token in {source} contains control characters. Nothing was changed.");
        }

        return new SecretToken(value);
    }

    /// <summary>Parses a remote as given on the command line: a relative local path is relative to where the user stands.</summary>
    public static RemoteSpec ParseRemote(CliContext context, string value)
    {
        var spec = RemoteSpec.Parse(value);
        if (spec.Kind == RemoteKind.Local && !value.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(value))
        {
            spec = RemoteSpec.Parse(Path.GetFullPath(value, context.CurrentDirectory));
        }

        return spec;
    }
}
