using BrainRepo.Core.Coordination;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Operations;

/// <summary>What every use case runs on: storage, coordination, the clock, logging and the environment.</summary>
public sealed class OperationServices
{
    /// <summary>Where workspaces are stored.</summary>
    public required IWorkspaceStorage Storage { get; init; }

    /// <summary>The coordinator every request goes through (leases, fencing, trailing runs).</summary>
    public required SyncCoordinator Coordinator { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Structured logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Environment variables (the master key and the seal key may come from there).</summary>
    public Func<string, string?> GetEnvironment { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How often an operation that waits for a busy workspace tries again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The workspace's credential store: its state directory, master key from the environment or a 0600 key file.</summary>
    public CredentialStore OpenCredentials(WorkspaceConfig config) =>
        new(new CredentialStoreOptions(config.StateDirectory), LoggerFactory.CreateLogger<CredentialStore>(), GetEnvironment);
}
