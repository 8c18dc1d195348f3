using System.Diagnostics;
using BrainRepo.Core.Coordination;

namespace BrainRepo.Storage.Tests.Coordination;

public sealed class OwnerIdentityTests
{
    [Fact]
    public void OwnerIdentity_RoundTripsThroughItsStoredForm()
    {
        var owner = new OwnerIdentity("host-1", 4242, 987654321, "abc123");

        Assert.Equal("host-1|4242|987654321|abc123", owner.ToString());
        Assert.Equal(owner, OwnerIdentity.TryParse(owner.ToString()));
        Assert.Null(OwnerIdentity.TryParse("not an owner"));
        Assert.Null(OwnerIdentity.TryParse(null));
    }

    [Fact]
    public async Task LocalProcessProbe_TellsLiveDeadAndReusedPids()
    {
        var probe = LocalProcessProbe.Instance;
        var self = Environment.ProcessId;
        var start = probe.GetStartTime(self)!.Value;
        using var exited = Process.Start("true")!;
        await exited.WaitForExitAsync();

        Assert.True(probe.IsAlive(self, start));
        Assert.True(probe.IsAlive(self, 0));
        Assert.False(probe.IsAlive(self, start + 1));
        Assert.False(probe.IsAlive(exited.Id, 0));
    }
}
