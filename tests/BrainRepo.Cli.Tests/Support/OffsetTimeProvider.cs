namespace BrainRepo.Cli.Tests.Support;

/// <summary>The real clock moved by a fixed offset: timers still run in real time, so a sync never waits on a fake clock.</summary>
internal sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
