namespace BrainRepo.Core.Operations;

/// <summary>
/// Progress and notices that leave a use case while it runs. A host renders them: the CLI as a spinner or a line
/// on stderr, a server as a log line or a Server-Sent Event. What a use case achieved is its returned outcome,
/// never an event.
/// </summary>
public abstract record OperationEvent;
