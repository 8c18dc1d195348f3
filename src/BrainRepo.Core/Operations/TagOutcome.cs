using BrainRepo.Core.Remote;

namespace BrainRepo.Core.Operations;

/// <summary>The daily/weekly tags asked for (created, or already there for the period) and the push, when one ran.</summary>
public sealed record TagOutcome(IReadOnlyList<TagResult> Tags, PushOutcome? Push);
