namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>A cancellation token that fires when a test hangs, instead of blocking the run.</summary>
public static class TestTimeout
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
