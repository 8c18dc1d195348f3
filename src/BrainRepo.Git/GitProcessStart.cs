namespace BrainRepo.Git;

/// <summary>
/// A git process as <see cref="GitProcessRunner"/> started it: the executable, every argument and the
/// complete environment it received. Given to a test's observer; it may hold the askpass token variable.
/// </summary>
internal sealed record GitProcessStart(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, int ProcessId);
