namespace BrainRepo.Git.Remote;

/// <summary>Starts child processes. A seam so that tests can see every argument list and environment.</summary>
public interface IProcessLauncher
{
    Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}
