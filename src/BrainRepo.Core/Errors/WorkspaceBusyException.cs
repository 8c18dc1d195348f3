namespace BrainRepo.Core.Errors;

/// <summary>Another run holds this workspace. Transient: the request can be retried.</summary>
public sealed class WorkspaceBusyException(string message)
    : BrainRepoException(ErrorCodes.Busy, message, isTransient: true);
