namespace BrainRepo.Git.Repair;

/// <summary>
/// A pack that failed its checks and was moved out of <c>objects/pack</c> into <paramref name="QuarantinedTo"/>,
/// with what could be recovered from it: <paramref name="Recovery"/> says how, <paramref name="RecoveredObjects"/> how many.
/// </summary>
public sealed record DamagedPack(string Pack, string Problem, string QuarantinedTo, string Recovery, int RecoveredObjects);
