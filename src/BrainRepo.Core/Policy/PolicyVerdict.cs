using BrainRepo.Core.Model;

namespace BrainRepo.Core.Policy;

/// <summary>Why the policy keeps an entry out of a snapshot: the disposition and the named rule.</summary>
public sealed record PolicyVerdict(Disposition Disposition, string Rule);
