namespace BrainRepo.Core.Coordination;

/// <summary>
/// A workspace with pending requests that a worker may try: its lease is free or expired, or held by an owner
/// on this host (whose PID the worker can check).
/// </summary>
public sealed record DueWorkspace(string Workspace, string? Owner, bool LeaseExpired, DateTimeOffset? PendingSince);
