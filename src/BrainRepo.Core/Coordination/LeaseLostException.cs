using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// The run no longer holds its lease (it expired, or another owner took over with a newer fencing token).
/// The run must stop before pushing and must not record an outcome. Transient: the pending request is
/// served by the new owner.
/// </summary>
public sealed class LeaseLostException : BrainRepoException
{
    /// <summary>Creates the exception for a lease.</summary>
    public LeaseLostException(string workspace, long fencingToken)
        : base(
            ErrorCodes.LeaseLost,
            $"The lease on workspace '{workspace}' (fencing token {fencingToken}) was lost; the run stops before pushing.",
            isTransient: true)
    {
        Workspace = workspace;
        FencingToken = fencingToken;
    }

    /// <summary>The workspace.</summary>
    public string Workspace { get; }

    /// <summary>The stale fencing token.</summary>
    public long FencingToken { get; }
}
