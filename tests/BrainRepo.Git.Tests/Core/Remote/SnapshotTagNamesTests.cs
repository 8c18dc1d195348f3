using BrainRepo.Core.Remote;
using CsCheck;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class SnapshotTagNamesTests
{
    [Fact]
    public void Daily_UsesUtcDay()
    {
        var at = new DateTimeOffset(2025, 11, 26, 23, 30, 0, TimeSpan.FromHours(-3));

        Assert.Equal("snapshot/daily/2025-11-27", SnapshotTagNames.Daily(at));
    }

    [Theory]
    [InlineData(2025, 12, 29, "snapshot/weekly/2026-W01")]
    [InlineData(2021, 1, 3, "snapshot/weekly/2020-W53")]
    [InlineData(2025, 11, 26, "snapshot/weekly/2025-W48")]
    public void Weekly_UsesIsoWeekYear(int y, int m, int d, string expected)
    {
        Assert.Equal(expected, SnapshotTagNames.Weekly(new DateTimeOffset(y, m, d, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("before-refactor")]
    [InlineData("v1.0")]
    [InlineData("2025/q4")]
    public void Milestone_AcceptsValidNames(string name)
    {
        Assert.Equal("milestone/" + name, SnapshotTagNames.Milestone(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a..b")]
    [InlineData(".hidden")]
    [InlineData("x.lock")]
    [InlineData("what?")]
    [InlineData("-rf")]
    [InlineData("end/")]
    public void Milestone_RejectsInvalidNamesClearly(string name)
    {
        var ex = Assert.Throws<InvalidTagNameException>(() => SnapshotTagNames.Milestone(name));

        Assert.Contains("not a valid milestone name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_DailyAndWeeklyNames_RoundTripAndAreValidRefs()
    {
        Gen.DateTimeOffset.Sample(at =>
        {
            var daily = SnapshotTagNames.Daily(at);
            var weekly = SnapshotTagNames.Weekly(at);
            var dayOk = SnapshotTagNames.TryParse(daily, out var k1, out var p1) && k1 == SnapshotTagKind.Daily
                && p1 == DateOnly.FromDateTime(at.UtcDateTime);
            var weekOk = SnapshotTagNames.TryParse(weekly, out var k2, out var p2) && k2 == SnapshotTagKind.Weekly
                && p2!.Value.DayOfWeek == DayOfWeek.Monday
                && SnapshotTagNames.Weekly(new DateTimeOffset(p2.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) == weekly;
            return dayOk && weekOk && GitRefName.IsValid("refs/tags/" + daily) && GitRefName.IsValid("refs/tags/" + weekly);
        }, iter: 2000);
    }

    [Fact]
    public void TryParse_IgnoresForeignTags()
    {
        Assert.False(SnapshotTagNames.TryParse("v1.0", out _, out _));
        Assert.False(SnapshotTagNames.TryParse("snapshot/daily/yesterday", out _, out _));
        Assert.False(SnapshotTagNames.TryParse("snapshot/weekly/2025-W60", out _, out _));
    }
}
