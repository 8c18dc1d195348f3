namespace BrainRepo.Core.Verify;

/// <summary>One thing verify found: a path and what is wrong with it (or, for notes, what it saw).</summary>
public sealed record VerifyFinding(string Path, string Problem);
