namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// Tests that change the process umask: they run alone, after every parallel test, so that no other
/// test creates files under the borrowed umask.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UmaskCollection
{
    public const string Name = "process umask";
}
