namespace BrainRepo.Core.Verify;

/// <summary>One thing verify found: a path and what is wrong with it (or, for notes, what it saw).</summary>
public sealed record VerifyFinding(string Path, string Problem)
{
    /// <summary>
    /// True when the file on disk simply differs from the snapshot (edited, added or its mode changed since): the
    /// ordinary state between two syncs, not damage. It still makes the result not <see cref="VerifyResult.Ok"/>.
    /// </summary>
    public bool ChangedSinceSnapshot { get; init; }
}
