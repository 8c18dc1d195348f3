using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Secrets;

/// <summary>Builds the secrets scanner a sync uses: the default rules plus the workspace's allow file, within its memory budget.</summary>
public static class SecretScannerFactory
{
    public const string AllowFileName = "secrets-allow.txt";

    public static async Task<SecretScanner> ForWorkspaceAsync(WorkspaceConfig config, CancellationToken cancellationToken)
    {
        var allowFile = Path.Combine(config.StateDirectory, AllowFileName);
        var allow = File.Exists(allowFile) ? await SecretAllowList.LoadAsync(allowFile, cancellationToken) : SecretAllowList.Empty;
        return new SecretScanner(SecretScannerOptions.Default with { AllowList = allow, MemoryBudgetBytes = config.Policy.ScannerMemoryBudget });
    }
}
