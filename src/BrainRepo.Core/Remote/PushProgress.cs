namespace BrainRepo.Core.Remote;

/// <summary>One progress report of a push, parsed from git's <c>--progress</c> output.</summary>
/// <param name="Phase">git's phase, for example "Counting objects", "Compressing objects", "Writing objects".</param>
/// <param name="Percent">0 to 100.</param>
/// <param name="Current">Objects done in this phase.</param>
/// <param name="Total">Objects in this phase.</param>
/// <param name="FromRemote">True when the line came from the remote side ("remote: ...").</param>
public sealed record PushProgress(string Phase, int Percent, long Current, long Total, bool FromRemote);
