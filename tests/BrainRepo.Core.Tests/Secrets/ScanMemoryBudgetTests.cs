using BrainRepo.Core.Secrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class ScanMemoryBudgetTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task Reserve_WhenTheSharedHalfIsTaken_WaitsUntilItIsGivenBack()
    {
        var budget = new ScanMemoryBudget(32 * MiB, maxArchiveDepth: 0); // 16 MiB shared, 1 MiB per scan
        var first = budget.Reserve(10 * MiB, CancellationToken.None)!;
        Assert.Equal(11 * MiB, budget.SharedInUse);

        var second = Task.Run(() => budget.Reserve(10 * MiB, CancellationToken.None));

        // The second cannot fit beside the first: it is still waiting (it could only ever finish wrongly early).
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(300)));
        first.Dispose();
        var reserved = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(11 * MiB, budget.SharedInUse);
        reserved!.Dispose();
        Assert.Equal(0, budget.SharedInUse);
    }

    [Fact]
    public void Reserve_MoreThanTheSharedHalf_IsRefusedAtOnce()
    {
        var budget = new ScanMemoryBudget(32 * MiB, maxArchiveDepth: 4);

        Assert.Null(budget.Reserve(12 * MiB, CancellationToken.None)); // + 5 MiB working set > 16 MiB
        using var fits = budget.Reserve(11 * MiB, CancellationToken.None);
        Assert.NotNull(fits);
    }

    [Fact]
    public async Task Reserve_CancelledWhileWaiting_ThrowsAndDoesNotHoldUpTheNextOne()
    {
        var budget = new ScanMemoryBudget(32 * MiB, maxArchiveDepth: 0);
        var first = budget.Reserve(10 * MiB, CancellationToken.None)!;
        using var cancel = new CancellationTokenSource();
        var cancelled = Task.Run(() => budget.Reserve(10 * MiB, cancel.Token));
        Assert.NotSame(cancelled, await Task.WhenAny(cancelled, Task.Delay(200)));
        var third = Task.Run(() => budget.Reserve(2 * MiB, CancellationToken.None));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var reserved = await third.WaitAsync(TimeSpan.FromSeconds(30)); // the reservation behind the cancelled one goes ahead
        reserved!.Dispose();
        first.Dispose();
        Assert.Equal(0, budget.SharedInUse);
    }

    [Fact]
    public void MinimumFor_HoldsAFileInTheSharedHalfAndItsTextInTheExclusiveHalf()
    {
        var minimum = ScanMemoryBudget.MinimumFor(10 * MiB);
        var budget = new ScanMemoryBudget(minimum, SecretScannerOptions.DefaultMaxArchiveDepth);

        Assert.NotNull(budget.Reserve(16 * MiB, CancellationToken.None)); // a 10 MiB file in its 16 MiB pooled buffer
        Assert.True(budget.ExclusiveBytes >= 20 * MiB);
    }

    private sealed class ThrowingScanner(Exception exception) : ISecretScanner
    {
        public ScanMemoryBudget MemoryBudget { get; } = new(ScanMemoryBudget.MinimumBytes, 0);

        public SecretScanResult Scan(string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken) => throw exception;

        public IReadOnlyList<SecretFinding> ScanName(string name, CancellationToken cancellationToken) => [];
    }

    [Fact]
    public void ScanContent_WhenTheScannerFailsOnAPathologicalInput_ReturnsAWithheldResultNamingTheFailure()
    {
        foreach (var exception in new Exception[] { new OutOfMemoryException("quoted content"), new InsufficientExecutionStackException(), new InvalidDataException() })
        {
            var result = SecretGate.ScanContent(new ThrowingScanner(exception), "x.bin", [1, 2, 3], CancellationToken.None);

            Assert.Equal(ArchiveProblemKind.ScanFailed, result.ArchiveProblem?.Kind);
            Assert.Equal(UnscannableArchiveAction.Withhold, result.ArchiveProblem?.Action);
            Assert.True(result.ShouldWithhold);
            Assert.Contains(exception.GetType().Name, result.ArchiveProblem!.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("quoted content", result.ArchiveProblem.Reason, StringComparison.Ordinal);
        }

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SecretGate.ScanContent(new ThrowingScanner(new OperationCanceledException(cancel.Token)), "x", [], cancel.Token));
    }
}
