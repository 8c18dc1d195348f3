namespace BrainRepo.Core.Remote;

/// <summary>The outcome of an idempotent tag request.</summary>
/// <param name="Name">The tag name without <c>refs/tags/</c>.</param>
/// <param name="Commit">The commit the tag points at.</param>
/// <param name="Created">False when the tag already existed (nothing changed).</param>
public sealed record TagResult(string Name, string Commit, bool Created);
