using BrainRepo.Cli.Infrastructure;

namespace BrainRepo.Cli.Tests.Infrastructure;

public sealed class NativeWarmupTests
{
    [Fact]
    public async Task A_sync_loads_hashing_git_and_sqlite_in_the_background_without_failing()
    {
        var warmup = NativeWarmup.Begin(["sync", "-w", "somewhere"]);

        if (Environment.ProcessorCount < 2)
        {
            Assert.Null(warmup); // one core: nothing to overlap with
            return;
        }

        Assert.NotNull(warmup);
        await warmup.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(warmup.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("init")]
    [InlineData("--help")]
    public void Commands_that_do_not_need_them_start_nothing(string command) =>
        Assert.Null(NativeWarmup.Begin([command]));

    [Fact]
    public void No_command_starts_nothing() => Assert.Null(NativeWarmup.Begin([]));
}
