namespace BrainRepo.Cli.Infrastructure;

/// <summary>The process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Complete = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int Incomplete = 3;
}
