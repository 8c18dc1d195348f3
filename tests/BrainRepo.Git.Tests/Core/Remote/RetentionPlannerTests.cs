using BrainRepo.Core.Remote;
using CsCheck;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class RetentionPlannerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static SnapshotTag Daily(int day) => Tag(SnapshotTagNames.Daily(Start.AddDays(day)), Start.AddDays(day), "c" + day);

    private static SnapshotTag Weekly(int day) => Tag(SnapshotTagNames.Weekly(Start.AddDays(day)), Start.AddDays(day), "c" + day);

    private static SnapshotTag Tag(string name, DateTimeOffset at, string commit)
    {
        Assert.True(SnapshotTagNames.TryParse(name, out var kind, out var period));
        return new SnapshotTag(name, kind, period, commit, at);
    }

    [Fact]
    public void Plan_KeepsNewestDailyAndWeekly_RemovesTheRestWithReasons()
    {
        var tags = Enumerable.Range(0, 10).Select(Daily).Concat([Weekly(0), Weekly(7)]).ToList();

        var plan = RetentionPlanner.Plan(tags, new RetentionPolicy(3, 1));

        Assert.Equal(
            ["snapshot/daily/2025-01-08", "snapshot/daily/2025-01-09", "snapshot/daily/2025-01-10", "snapshot/weekly/2025-W02"],
            plan.Keep.Select(d => d.Tag.Name).Order(StringComparer.Ordinal));
        Assert.Equal(8, plan.Remove.Count);
        Assert.All(plan.Remove, d => Assert.Contains("older than", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NeverPrunesMilestones_AndAlwaysKeepsNewest()
    {
        var tags = new List<SnapshotTag>
        {
            Daily(0),
            Daily(1),
            Tag("milestone/first", Start, "c0"),
        };

        var plan = RetentionPlanner.Plan(tags, new RetentionPolicy(0, 0));

        Assert.Contains(plan.Keep, d => d.Tag.Name == "milestone/first" && d.Reason.Contains("never pruned", StringComparison.Ordinal));
        Assert.Contains(plan.Keep, d => d.Tag.Name == "snapshot/daily/2025-01-02" && d.Reason.Contains("newest", StringComparison.Ordinal));
        Assert.Single(plan.Remove);
    }

    [Fact]
    public void Property_EveryTagDecidedOnce_MilestonesAndNewestKept_CountsRespected()
    {
        var genTags = Gen.Select(Gen.Int[0, 400].HashSet[0, 40], Gen.Int[0, 400].HashSet[0, 10], Gen.Int[0, 400].HashSet[0, 3])
            .Select((d, w, m) => d.Select(Daily)
                .Concat(w.Select(Weekly).DistinctBy(t => t.Name))
                .Concat(m.Select(i => Tag("milestone/m" + i, Start.AddDays(i), "c" + i)))
                .ToList());
        Gen.Select(genTags, Gen.Int[0, 12], Gen.Int[0, 6]).Sample((tags, keepDaily, keepWeekly) =>
        {
            var plan = RetentionPlanner.Plan(tags, new RetentionPolicy(keepDaily, keepWeekly));
            var decided = plan.Keep.Concat(plan.Remove).Select(d => d.Tag.Name).ToList();
            var newest = tags.Where(t => t.Kind != SnapshotTagKind.Milestone).MaxBy(t => t.CommitDate)?.Commit;
            return decided.Count == tags.Count
                && decided.Distinct(StringComparer.Ordinal).Count() == tags.Count
                && plan.Remove.All(d => d.Tag.Kind != SnapshotTagKind.Milestone)
                && plan.Remove.All(d => d.Tag.Commit != newest)
                && plan.Keep.Count(d => d.Tag.Kind == SnapshotTagKind.Daily) <= keepDaily + 1
                && plan.Keep.Count(d => d.Tag.Kind == SnapshotTagKind.Daily) >= Math.Min(keepDaily, tags.Count(t => t.Kind == SnapshotTagKind.Daily));
        }, iter: 500);
    }

    [Fact]
    public void Policy_RejectsNegativeCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(-1, 0));
    }
}
