using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;

namespace BrainRepo.Git.Tests.Git.Remote;

public sealed class PushProgressParserTests
{
    [Theory]
    [InlineData("Writing objects:  42% (21/50), 1.20 MiB | 3.00 MiB/s", "Writing objects", 42, 21, 50, false)]
    [InlineData("Compressing objects: 100% (3/3), done.", "Compressing objects", 100, 3, 3, false)]
    [InlineData("Enumerating objects: 5, done.", null, 0, 0, 0, false)]
    [InlineData("remote: Resolving deltas:  50% (1/2)", "Resolving deltas", 50, 1, 2, true)]
    [InlineData("To http://127.0.0.1/brain.git", null, 0, 0, 0, false)]
    public void TryParse(string line, string? phase, int percent, long current, long total, bool fromRemote)
    {
        var parsed = PushProgressParser.TryParse(line);

        if (phase is null)
        {
            Assert.Null(parsed);
        }
        else
        {
            Assert.Equal(new PushProgress(phase, percent, current, total, fromRemote), parsed);
        }
    }

    [Fact]
    public void Scrubber_RemovesRawEncodedAndBasicAuthForms()
    {
        var scrubber = new SecretScrubber("t0k/en+", "user");
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user:t0k/en+"));

        var text = scrubber.Scrub($"a t0k/en+ b {Uri.EscapeDataString("t0k/en+")} c {basic}");

        Assert.Equal("a *** b *** c ***", text);
    }
}
